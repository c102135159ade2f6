package org.secfunet.cli;

import picocli.CommandLine.Option;

/** {@code -tls1_2} / {@code -tls1_3}: openssl's switches that allow one TLS version only. */
final class TlsVersionOptions {
    @Option(names = "-tls1_2", description = "Only TLS 1.2.")
    boolean tls12;
    @Option(names = "-tls1_3", description = "Only TLS 1.3.")
    boolean tls13;

    /** Both switches at once are a usage error. */
    void check() {
        if (tls12 && tls13) {
            throw new UserException("choose -tls1_2 or -tls1_3, not both", Errors.USAGE);
        }
    }

    /** "1.2", "1.3", or null for any version. */
    String only() {
        check();
        return tls12 ? "1.2" : tls13 ? "1.3" : null;
    }
}
