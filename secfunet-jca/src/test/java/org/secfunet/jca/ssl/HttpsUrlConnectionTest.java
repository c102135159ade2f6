package org.secfunet.jca.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardCredentials;
import org.secfunet.jca.card.PinSource;
import org.secfunet.jca.card.PinSources;

/** {@code HttpsURLConnection} with the socket factory of a context initialized with card credentials (as the KeyManagerFactory's). */
class HttpsUrlConnectionTest {
    @TempDir
    Path dir;

    /** What the SecFuNet KeyManagerFactory's key managers carry: the provider's cards and the application's PIN. */
    private record Credentials(CardBank bank, PinSource pins) implements KeyManager, CardCredentials {
    }

    @Test
    void anUnchangedHttpsUrlConnectionReachesTheServerWithTheCard() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.RSA_2048);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "lena") + ";identity=web"); // no pin= : the key manager gives it
        SSLContext ctx = SSLContext.getInstance("SecFuNet", p);
        ctx.init(new KeyManager[] {new Credentials(p.bank(), PinSources.of("1234".toCharArray()))}, null, null);
        try (HttpsTestServer server = new HttpsTestServer(pki, null)) {
            HttpsURLConnection c = (HttpsURLConnection) URI.create(server.uri().toString()).toURL().openConnection();
            c.setSSLSocketFactory(ctx.getSocketFactory());
            c.setConnectTimeout(20_000);
            c.setReadTimeout(20_000);
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("CN=lena TLSv1.3");
            assertThat(c.getCipherSuite()).startsWith("TLS_");
            assertThat(server.sni).containsExactly("localhost");
            c.disconnect();
        }
    }

    @Test
    void theKeyManagersOfTheSecFuNetKeyManagerFactoryGiveTheContextTheirCardsAndPin() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "tom")); // no pin=: only the key store's password
        java.security.KeyStore ks = java.security.KeyStore.getInstance("SecFuNet", p);
        ks.load(null, "1234".toCharArray());
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("SecFuNet", p);
        kmf.init(ks, "1234".toCharArray());
        SSLContext ctx = SSLContext.getInstance("SecFuNet", p);
        ctx.init(kmf.getKeyManagers(), null, null);
        try (HttpsTestServer server = new HttpsTestServer(pki, "TLSv1.2")) {
            HttpsURLConnection c = (HttpsURLConnection) URI.create(server.uri().toString()).toURL().openConnection();
            c.setSSLSocketFactory(ctx.getSocketFactory());
            c.setConnectTimeout(20_000);
            c.setReadTimeout(20_000);
            assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("CN=tom TLSv1.2");
            c.disconnect();
        }
    }
}
