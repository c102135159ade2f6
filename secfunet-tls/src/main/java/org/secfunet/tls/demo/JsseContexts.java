package org.secfunet.tls.demo;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A JSSE context from a key, its certificate and one trusted CA (demo server, baselines, tests). */
public final class JsseContexts {
    private JsseContexts() {
    }

    /** An SSLContext ("TLS") with this key and certificate, trusting {@code ca}; a new one per call (no session reuse). */
    public static SSLContext of(PrivateKey key, X509Certificate cert, X509Certificate ca) throws GeneralSecurityException {
        try {
            char[] none = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, none, new java.security.cert.Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, none);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot build the key store: " + e.getMessage(), e);
        }
    }
}
