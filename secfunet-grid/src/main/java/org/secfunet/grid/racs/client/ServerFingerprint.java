package org.secfunet.grid.racs.client;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.secfunet.pcsc.ServerCertificateMismatchException;

/**
 * A RACS server's certificate fingerprint: SHA-256 of the leaf certificate's DER encoding, 64
 * lower-case hex digits. A RACS server on the grid registers it in {@code /racs/<server>}; a client
 * that knows it ({@link org.secfunet.pcsc.ConnectOptions#serverCertSha256()}) refuses a server
 * presenting another certificate, even one of the grid's CA.
 */
public final class ServerFingerprint {
    private ServerFingerprint() {
    }

    /** The SHA-256 fingerprint of {@code cert}'s DER encoding, lower-case hex. */
    public static String sha256Hex(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 or no encoding of the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses {@code session} unless its peer's leaf certificate has the fingerprint {@code expected}
     * (null: no check).
     */
    static void check(SSLSession session, String expected, String where) throws SSLPeerUnverifiedException {
        if (expected == null) {
            return;
        }
        Certificate[] chain = session.getPeerCertificates();
        String presented = chain.length > 0 && chain[0] instanceof X509Certificate x ? sha256Hex(x) : "none";
        if (!presented.equals(expected)) {
            throw new ServerCertificateMismatchException(where, expected, presented);
        }
    }
}
