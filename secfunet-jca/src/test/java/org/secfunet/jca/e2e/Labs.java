package org.secfunet.jca.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.tls.TestCards;

/** What the end-to-end tests share: PKIs, cards, the provider, the two modes' SSL contexts, one HTTPS GET. */
final class Labs {
    private Labs() {
    }

    static ThrowawayPki pki(ThrowawayPki.KeyType type) {
        return ThrowawayPki.create("jca e2e CA " + type, type, Duration.ofDays(1));
    }

    /** A personalized card in {@code dir} (identity "web", PIN 1234) for {@code pki}'s client CA, trusting {@code pki}. */
    static Path card(Path dir, ThrowawayPki pki, String name) throws Exception {
        return TestCards.personalized(Files.createDirectories(dir), pki, pki, name);
    }

    static SecFuNetProvider provider(String config) {
        return (SecFuNetProvider) new SecFuNetProvider().configure(config);
    }

    /** Adds {@code p} (JCA's delayed provider selection must find its signature services); the returned handle removes it. */
    static AutoCloseable installed(Provider p) {
        Security.addProvider(p);
        return () -> Security.removeProvider(p.getName());
    }

    /** Mode 1: stock SunJSSE, the key in the card through the SecFuNet key store and key manager factory. */
    static SSLContext modeOne(Provider p, ThrowawayPki serverPki) throws Exception {
        KeyStore ks = KeyStore.getInstance("SecFuNet", p);
        ks.load(null, TestCards.PIN);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SecFuNet", p);
        kmf.init(ks, TestCards.PIN);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), trust(serverPki), null);
        return c;
    }

    /** Mode 2: the whole handshake in the card; the PIN from the provider's pin= setting. */
    static SSLContext modeTwo(Provider p) throws Exception {
        SSLContext c = SSLContext.getInstance("SecFuNet", p);
        c.init(null, null, null);
        return c;
    }

    static javax.net.ssl.TrustManager[] trust(ThrowawayPki pki) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /** One GET with a new client (so a new connection and a full handshake): the body, stripped. */
    static String get(SSLContext c, URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(c).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("nginx answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().strip();
        } finally {
            client.close();
        }
    }

    /** The messages of {@code t} and its causes, joined: what a user reading the exception sees. */
    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" / ");
        }
        return b.toString();
    }
}
