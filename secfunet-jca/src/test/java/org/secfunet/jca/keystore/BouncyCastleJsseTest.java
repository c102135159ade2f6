package org.secfunet.jca.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.jca.keystore.JcaFixtures.PIN;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;

/**
 * Bouncy Castle's JSSE takes foreign keys only through its own PKIX key manager fed by a key store:
 * fed the SecFuNet key store, it does mutual TLS with the key in the card (its signatures reach the
 * card through JCA's delayed provider selection).
 */
class BouncyCastleJsseTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeProvider() {
        JcaFixtures.uninstall();
    }

    @ParameterizedTest(name = "TLS {0}, {1}")
    @CsvSource({"1.2, EC_P256", "1.3, EC_P256", "1.2, RSA_2048", "1.3, RSA_2048"})
    void bcjsseDoesMutualTlsWithTheCardKey(String version, ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = JcaFixtures.pki(type);
        Path store = JcaFixtures.card(dir, pki, "alice");
        X509Certificate leaf = JcaFixtures.leaf(store);
        SecFuNetProvider p = JcaFixtures.provider(store);
        JcaFixtures.install(p);
        BouncyCastleJsseProvider bc = new BouncyCastleJsseProvider();

        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", bc);
        kmf.init(JcaFixtures.keyStore(p, PIN), PIN);
        SSLContext client = SSLContext.getInstance("TLS", bc);
        client.init(kmf.getKeyManagers(), TlsPeers.trusting(pki, bc), new java.security.SecureRandom()); // BC asks for "DEFAULT" (its own provider's) when given none

        try (TlsPeers.Server server = new TlsPeers.Server(pki, version)) {
            String answer = TlsPeers.hello(client, server.port(), version, s -> assertThat(s.getSession().getProtocol()).isEqualTo("TLSv" + version));
            assertThat(answer).isEqualTo("echo hello");
            assertThat(server.awaitClientCertificate()).isEqualTo(leaf);
        }
    }
}
