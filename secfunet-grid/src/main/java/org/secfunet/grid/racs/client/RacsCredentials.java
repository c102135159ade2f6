package org.secfunet.grid.racs.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.secfunet.grid.net.PemTls;
import org.secfunet.pcsc.ReaderException;

/**
 * The client certificate a RACS client presents and the CA it trusts for the server: PEM files.
 * From explicit paths, or from the system properties {@code secfunet.racs.cert|key|ca} (set by the
 * CLI's {@code --racs-cert/--racs-key/--racs-ca}), else the environment
 * {@code SECFUNET_RACS_CERT|KEY|CA}.
 */
public record RacsCredentials(Path cert, Path key, Path ca) {

    public static RacsCredentials fromEnvironment() {
        return from(System::getProperty, System::getenv);
    }

    static RacsCredentials from(Function<String, String> properties, Function<String, String> env) {
        String cert = pick(properties, env, "cert");
        String key = pick(properties, env, "key");
        String ca = pick(properties, env, "ca");
        if (cert == null || key == null || ca == null) {
            throw new ReaderException("a racs:// reader needs a client certificate: give --racs-cert, --racs-key and --racs-ca"
                    + " (or SECFUNET_RACS_CERT, SECFUNET_RACS_KEY, SECFUNET_RACS_CA)");
        }
        return new RacsCredentials(Path.of(cert), Path.of(key), Path.of(ca));
    }

    private static String pick(Function<String, String> properties, Function<String, String> env, String what) {
        String v = properties.apply("secfunet.racs." + what);
        if (v == null || v.isBlank()) {
            v = env.apply("SECFUNET_RACS_" + what.toUpperCase(java.util.Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v;
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
