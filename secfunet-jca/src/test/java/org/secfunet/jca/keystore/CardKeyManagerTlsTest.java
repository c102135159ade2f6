package org.secfunet.jca.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.jca.keystore.JcaFixtures.PIN;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.card.CardCredentials;
import org.secfunet.tls.OpensslServer;

/** Mutual TLS with the key in the card through stock SunJSSE, a real openssl s_server, and the KeyManager's choices. */
class CardKeyManagerTlsTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeProvider() {
        JcaFixtures.uninstall();
    }

    /** The key managers of factory {@code kmf} over the card: ours (own key store or the given one) or SunJSSE's over our key store. */
    private static KeyManager[] keyManagers(SecFuNetProvider p, String kmf) throws Exception {
        return switch (kmf) {
            case "SecFuNet-own" -> {
                KeyManagerFactory f = KeyManagerFactory.getInstance("SecFuNet", p);
                f.init(null, PIN);
                yield f.getKeyManagers();
            }
            case "SecFuNet" -> {
                KeyManagerFactory f = KeyManagerFactory.getInstance("SecFuNet", p);
                f.init(JcaFixtures.keyStore(p, PIN), PIN);
                yield f.getKeyManagers();
            }
            default -> {
                KeyManagerFactory f = KeyManagerFactory.getInstance(kmf); // SunJSSE's SunX509 or PKIX, calling getKey for every alias
                f.init(JcaFixtures.keyStore(p, PIN), PIN);
                yield f.getKeyManagers();
            }
        };
    }

    @ParameterizedTest(name = "TLS {0}, {1}, key managers {2}")
    @CsvSource({
            "1.2, EC_P256, SecFuNet", "1.3, EC_P256, SecFuNet", "1.2, RSA_2048, SecFuNet", "1.3, RSA_2048, SecFuNet",
            "1.3, EC_P256, SecFuNet-own", "1.2, RSA_2048, SecFuNet-own",
            "1.2, EC_P256, SunX509", "1.3, EC_P256, SunX509", "1.2, RSA_2048, SunX509", "1.3, RSA_2048, SunX509",
            "1.2, EC_P256, PKIX", "1.3, EC_P256, PKIX", "1.2, RSA_2048, PKIX", "1.3, RSA_2048, PKIX"})
    void stockJsseDoesMutualTlsWithTheCardKey(String version, ThrowawayPki.KeyType type, String kmf) throws Exception {
        ThrowawayPki pki = JcaFixtures.pki(type);
        Path store = JcaFixtures.card(dir, pki, "alice");
        X509Certificate leaf = JcaFixtures.leaf(store);
        SecFuNetProvider p = JcaFixtures.provider(store);
        JcaFixtures.install(p);
        SSLContext client = TlsPeers.client(keyManagers(p, kmf), pki);
        try (TlsPeers.Server server = new TlsPeers.Server(pki, version)) {
            String answer = TlsPeers.hello(client, server.port(), version, s -> {
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv" + version);
                assertThat(s.getSession().getLocalCertificates()[0]).isEqualTo(leaf);
            });
            assertThat(answer).isEqualTo("echo hello");
            assertThat(server.awaitClientCertificate()).isEqualTo(leaf);
        }
    }

    @ParameterizedTest(name = "TLS {0}, {1}")
    @CsvSource({"1.2, EC_P256", "1.3, EC_P256", "1.2, RSA_2048", "1.3, RSA_2048"})
    void opensslSServerSeesTheCardsCertificate(String version, ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = JcaFixtures.pki(type);
        Path store = JcaFixtures.card(dir, pki, "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        JcaFixtures.install(p);
        SSLContext client = TlsPeers.client(keyManagers(p, "SecFuNet"), pki);
        try (OpensslServer server = OpensslServer.start(dir, pki, pki, version, true)) {
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port)) {
                s.setSoTimeout(30_000);
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv" + version);
                s.getOutputStream().write("hello secfunet\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                        .readLine()).isEqualTo("tenufces olleh");
            }
            assertThat(server.awaitPrinted("alice", Duration.ofSeconds(5))).as("s_server output: %s", server.output).isTrue();
        }
    }

    @Test
    void theKeyManagerChoosesByKeyTypeAndIssuer() throws Exception {
        ThrowawayPki ec = JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = JcaFixtures.card(dir, ec, "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) keyManagers(p, "SecFuNet")[0];
        javax.security.auth.x500.X500Principal ca = ec.ca().certificate().getSubjectX500Principal();
        javax.security.auth.x500.X500Principal other = new javax.security.auth.x500.X500Principal("CN=someone else");

        assertThat(km.chooseClientAlias(new String[] {"RSA", "EC"}, null, null)).isEqualTo("web");
        assertThat(km.chooseEngineClientAlias(new String[] {"EC"}, new java.security.Principal[] {ca}, null)).isEqualTo("web");
        assertThat(km.chooseClientAlias(new String[] {"EC"}, new java.security.Principal[] {other}, null)).isNull();
        assertThat(km.chooseClientAlias(new String[] {"RSA", "RSASSA-PSS"}, null, null)).isNull();
        assertThat(km.chooseServerAlias("EC_EC", null, null)).isEqualTo("web");
        assertThat(km.chooseEngineServerAlias("EC_RSA", null, null)).isNull();
        assertThat(km.getClientAliases("EC", null)).containsExactly("web");
        assertThat(km.getServerAliases("RSA", null)).isNull();
        assertThat(km.getPrivateKey("web")).isInstanceOf(CardPrivateKey.class);
        assertThat(km.getCertificateChain("web")).containsExactly(JcaFixtures.leafAfterClosing(p, store));
        assertThat(km).isInstanceOf(CardCredentials.class);
        assertThat(((CardCredentials) km).bank()).isSameAs(p.bank());
    }

    @Test
    void pinProblemsAreSaidAtInitOrInTheHandshakeFailure() throws Exception {
        ThrowawayPki pki = JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = JcaFixtures.card(dir, pki, "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        JcaFixtures.install(p);
        KeyStore noPin = JcaFixtures.keyStore(p, null);

        KeyManagerFactory sun = KeyManagerFactory.getInstance("SunX509"); // asks getKey for every alias at init
        assertThatThrownBy(() -> sun.init(noPin, "9999".toCharArray())).isInstanceOf(java.security.UnrecoverableKeyException.class)
                .hasMessageContaining("wrong PIN").hasMessageContaining("2 tries left")
                .satisfies(e -> JcaFixtures.assertNoSecret(e.getMessage(), dir, "9999"));

        KeyManagerFactory ours = KeyManagerFactory.getInstance("SecFuNet", p);
        ours.init(noPin, null);
        SSLContext client = TlsPeers.client(ours.getKeyManagers(), pki);
        try (TlsPeers.Server server = new TlsPeers.Server(pki, "1.3")) {
            assertThatThrownBy(() -> TlsPeers.hello(client, server.port(), "1.3", s -> { })).isInstanceOf(javax.net.ssl.SSLException.class)
                    .hasStackTraceContaining("no PIN for the card key 'web'");
        }
    }

    @Test
    void theConfiguredIdentityComesFirstThenTheCardsPreferredOne() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        try (var card = org.secfunet.tls.TestCards.open(store, false)) {
            card.verifyPuk(org.secfunet.tls.TestCards.PUK);
            card.addIdentity("aaa-second", "alice@second", "peer", false);
        }
        SecFuNetProvider plain = JcaFixtures.provider(store);
        assertThat(java.util.Collections.list(JcaFixtures.keyStore(plain, PIN).aliases())).containsExactly("web", "aaa-second");
        assertThat(((X509ExtendedKeyManager) keyManagers(plain, "SecFuNet")[0]).chooseClientAlias(new String[] {"EC"}, null, null)).isEqualTo("web");
        plain.bank().close();

        SecFuNetProvider configured = JcaFixtures.provider("vcard:" + store + ";identity=aaa-second");
        assertThat(((X509ExtendedKeyManager) keyManagers(configured, "SecFuNet")[0]).chooseClientAlias(new String[] {"EC"}, null, null))
                .isEqualTo("aaa-second");
    }

    @Test
    void keyStoreBuilderParametersWork() throws Exception {
        ThrowawayPki ec = JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = JcaFixtures.card(dir, ec, "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        KeyStore.Builder b = KeyStore.Builder.newInstance("SecFuNet", p, new KeyStore.PasswordProtection(PIN));
        KeyManagerFactory f = KeyManagerFactory.getInstance("SecFuNet", p);
        f.init(new KeyStoreBuilderParameters(List.of(b)));
        assertThat(((X509ExtendedKeyManager) f.getKeyManagers()[0]).getPrivateKey("web")).isInstanceOf(CardPrivateKey.class);
    }

    @Test
    void otherKeyStoresAndEmptyCardsAreRefusedClearly() throws Exception {
        SecFuNetProvider p = JcaFixtures.provider(JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice"));
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(null, null);
        ThrowawayPki.Credential c = JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256).client("soft");
        pkcs12.setKeyEntry("soft", c.key(), "pw".toCharArray(), new java.security.cert.Certificate[] {c.certificate()});
        KeyManagerFactory f = KeyManagerFactory.getInstance("SecFuNet", p);
        assertThatThrownBy(() -> f.init(pkcs12, "pw".toCharArray())).isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("use KeyManagerFactory.getInstance(\"PKIX\")");
        assertThatThrownBy(f::getKeyManagers).isInstanceOf(IllegalStateException.class);

        Path empty = dir.resolve("empty.sfn");
        org.secfunet.card.eaptls.EapCards.init(empty, "empty card", PIN, org.secfunet.tls.TestCards.PUK);
        KeyManagerFactory g = KeyManagerFactory.getInstance("SecFuNet", JcaFixtures.provider(empty));
        assertThatThrownBy(() -> g.init(null, PIN)).isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("no card identity").hasMessageContaining("secfunet card import");
    }
}
