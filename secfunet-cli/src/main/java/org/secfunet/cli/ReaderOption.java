package org.secfunet.cli;

import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code -r READER} of a command that opens one card, with the RACS client options its racs:// form needs. */
final class ReaderOption {
    @Option(names = {"-r", "--reader"}, required = true, paramLabel = "READER",
            description = "PC/SC reader index or name, vcard:FILE for an in-process software card, or racs://HOST:PORT/SEID.")
    String reader;
    @Mixin
    RacsClientOptions racs;

    CardSession connect(ConnectOptions options) {
        return UserInput.parse(() -> racs.readers().connect(reader, options));
    }
}
