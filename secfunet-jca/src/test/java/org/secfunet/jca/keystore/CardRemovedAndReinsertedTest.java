package org.secfunet.jca.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.jca.keystore.JcaFixtures.PIN;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;

/** The card pulled out and put back (a removable reader in process): clear failures while it is out, work again once it is back. */
class CardRemovedAndReinsertedTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeProvider() {
        JcaFixtures.uninstall();
    }

    private static boolean signs(SecFuNetProvider p, PrivateKey key, KeyStore ks) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", p);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(ks.getCertificate("web"));
        v.update(new byte[] {1, 2, 3});
        return v.verify(sig);
    }

    @Test
    void aSignatureAfterTheCardCameBackWorks() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider("removable:" + store);
        KeyStore ks = JcaFixtures.keyStore(p, PIN);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        assertThat(signs(p, key, ks)).isTrue();

        RemovableReaderProvider.remove(store);
        assertThatThrownBy(() -> signs(p, key, ks)).isInstanceOf(SignatureException.class)
                .hasMessageStartingWith("no card answers in reader removable:" + store).hasMessageContaining("insert the card")
                .satisfies(e -> JcaFixtures.assertNoSecret(e.getMessage(), dir, "1234"));
        assertThat(ks.getCertificate("web")).isNotNull(); // public data of the load stays

        RemovableReaderProvider.insert(store);
        assertThat(signs(p, key, ks)).isTrue(); // a new session, the PIN of the load verified again on the same card
        assertThat(signs(p, key, ks)).isTrue();
    }

    @Test
    void aKeyOnClonedCardsSignsOnTheOtherWhileOneIsOut() throws Exception {
        Path a = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        Path b = JcaFixtures.cloneCard(a, dir, "alice-clone");
        SecFuNetProvider p = JcaFixtures.provider("removable:" + a + ";removable:" + b);
        KeyStore ks = JcaFixtures.keyStore(p, PIN);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        assertThat(Collections.list(ks.aliases())).containsExactly("web");

        RemovableReaderProvider.remove(a);
        for (int i = 0; i < 6; i++) {
            assertThat(signs(p, key, ks)).isTrue();
        }
        RemovableReaderProvider.remove(b);
        assertThatThrownBy(() -> signs(p, key, ks)).isInstanceOf(SignatureException.class).hasMessageContaining("no card answers in reader removable:");
        RemovableReaderProvider.insert(a);
        assertThat(signs(p, key, ks)).isTrue();
    }

    @Test
    void aHandshakeAfterTheCardCameBackWorks() throws Exception {
        ThrowawayPki pki = JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = JcaFixtures.card(dir, pki, "alice");
        SecFuNetProvider p = JcaFixtures.provider("removable:" + store);
        JcaFixtures.install(p);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SecFuNet", p);
        kmf.init(null, PIN);
        SSLContext client = TlsPeers.client(kmf.getKeyManagers(), pki);

        try (TlsPeers.Server server = new TlsPeers.Server(pki, "1.3")) {
            assertThat(TlsPeers.hello(client, server.port(), "1.3", s -> { })).isEqualTo("echo hello");
        }
        RemovableReaderProvider.remove(store);
        try (TlsPeers.Server server = new TlsPeers.Server(pki, "1.3")) {
            assertThatThrownBy(() -> TlsPeers.hello(client, server.port(), "1.3", s -> { })).isInstanceOf(SSLException.class)
                    .hasStackTraceContaining("no card answers in reader removable:" + store);
        }
        RemovableReaderProvider.insert(store);
        try (TlsPeers.Server server = new TlsPeers.Server(pki, "1.3")) {
            assertThat(TlsPeers.hello(client, server.port(), "1.3", s -> { })).isEqualTo("echo hello");
            assertThat(server.awaitClientCertificate()).isEqualTo(((CardKeyManager) kmf.getKeyManagers()[0]).getCertificateChain("web")[0]);
        }
    }
}
