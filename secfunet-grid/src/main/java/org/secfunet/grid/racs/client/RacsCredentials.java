package org.secfunet.grid.racs.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.secfunet.grid.net.PemTls;
import org.secfunet.pcsc.ReaderException;

/**
 * The client certificate a RACS client presents and the CA it trusts for the server: PEM files,
 * given explicitly (the CLI makes them from {@code --racs-cert/--racs-key/--racs-ca} or
 * {@code SECFUNET_RACS_CERT|KEY|CA}).
 */
public record RacsCredentials(Path cert, Path key, Path ca) {
    static final String MISSING = "a racs:// reader needs a client certificate: give --racs-cert, --racs-key and --racs-ca"
            + " (or SECFUNET_RACS_CERT, SECFUNET_RACS_KEY, SECFUNET_RACS_CA)";

    /** From the three file names, null or blank when not given; all three are needed. */
    public static RacsCredentials of(String cert, String key, String ca) {
        if (blank(cert) || blank(key) || blank(ca)) {
            throw new ReaderException(MISSING);
        }
        return new RacsCredentials(Path.of(cert), Path.of(key), Path.of(ca));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The TLS context these files make; a one-line error naming the bad file otherwise. */
    public SSLContext context() {
        try {
            return PemTls.context(key, cert, ca);
        } catch (IOException | GeneralSecurityException e) {
            throw new ReaderException("RACS client credentials: " + e.getMessage(), e);
        }
    }
}
