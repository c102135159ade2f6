package org.secfunet.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --racs-cert/--racs-key/--racs-ca}: the client certificate for {@code racs://} readers,
 * accepted by every command. They are handed to the RACS reader provider as system properties.
 */
final class RacsClientOptions {
    @Option(names = "--racs-cert", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "racs:// readers: client certificate chain (PEM; or SECFUNET_RACS_CERT).")
    void cert(String file) {
        System.setProperty("secfunet.racs.cert", file);
    }

    @Option(names = "--racs-key", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "racs:// readers: client private key (PEM; or SECFUNET_RACS_KEY).")
    void key(String file) {
        System.setProperty("secfunet.racs.key", file);
    }

    @Option(names = "--racs-ca", scope = ScopeType.INHERIT, paramLabel = "PEM", description = "racs:// readers: CA of the RACS server (PEM; or SECFUNET_RACS_CA).")
    void ca(String file) {
        System.setProperty("secfunet.racs.ca", file);
    }
}
