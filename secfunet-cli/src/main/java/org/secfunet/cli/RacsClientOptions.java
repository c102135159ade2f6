package org.secfunet.cli;

import java.util.List;
import java.util.function.UnaryOperator;
import org.secfunet.grid.racs.client.RacsCredentials;
import org.secfunet.grid.racs.client.RacsReaderProvider;
import org.secfunet.pcsc.Readers;
import picocli.CommandLine.Option;

/**
 * {@code --racs-cert/--racs-key/--racs-ca}: the client certificate for {@code racs://} readers,
 * offered by the commands that open a reader given by the user. Each falls back to its
 * {@code SECFUNET_RACS_*} environment variable; the credentials reach the RACS reader provider
 * as a {@link RacsCredentials} value, looked up when a racs:// reader is first used.
 */
final class RacsClientOptions {
    @Option(names = "--racs-cert", paramLabel = "PEM", description = "racs:// readers: client certificate chain (PEM; or SECFUNET_RACS_CERT).")
    String cert;
    @Option(names = "--racs-key", paramLabel = "PEM", description = "racs:// readers: client private key (PEM; or SECFUNET_RACS_KEY).")
    String key;
    @Option(names = "--racs-ca", paramLabel = "PEM", description = "racs:// readers: CA of the RACS server (PEM; or SECFUNET_RACS_CA).")
    String ca;

    /** Every reader provider on the class path, racs:// with these credentials. */
    Readers readers() {
        return Readers.discover(List.of(RacsReaderProvider.withCredentials(() -> credentials(System::getenv))));
    }

    RacsCredentials credentials(UnaryOperator<String> env) {
        return RacsCredentials.of(or(cert, env, "SECFUNET_RACS_CERT"), or(key, env, "SECFUNET_RACS_KEY"), or(ca, env, "SECFUNET_RACS_CA"));
    }

    private static String or(String given, UnaryOperator<String> env, String variable) {
        return given != null && !given.isBlank() ? given : env.apply(variable);
    }
}
