package org.secfunet.jca.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.jca.keystore.JcaFixtures.PIN;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.tls.TestCards;

class CardKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aliasesAreTheCardsIdentitiesWithTheCardsChain() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        X509Certificate leaf = JcaFixtures.leaf(store);
        KeyStore ks = JcaFixtures.keyStore(JcaFixtures.provider(store), PIN);

        assertThat(Collections.list(ks.aliases())).containsExactly("web");
        assertThat(ks.size()).isEqualTo(1);
        assertThat(ks.containsAlias("web")).isTrue();
        assertThat(ks.containsAlias("other")).isFalse();
        assertThat(ks.isKeyEntry("web")).isTrue();
        assertThat(ks.isCertificateEntry("web")).isFalse();
        assertThat(ks.getCertificateChain("web")).containsExactly(leaf);
        assertThat(ks.getCertificate("web")).isEqualTo(leaf);
        assertThat(ks.getCertificateAlias(leaf)).isEqualTo("web");
        assertThat(ks.getCreationDate("web")).isEqualTo(leaf.getNotBefore());
        assertThat(ks.entryInstanceOf("web", KeyStore.PrivateKeyEntry.class)).isTrue();
        assertThat(ks.getKey("other", PIN)).isNull();
    }

    @Test
    void theEcKeyIsAHandleWithNoPrivateValue() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        KeyStore ks = JcaFixtures.keyStore(JcaFixtures.provider(store), PIN);
        Key key = ks.getKey("web", null);

        assertThat(key).isInstanceOf(CardPrivateKey.class).isInstanceOf(ECKey.class).isNotInstanceOf(ECPrivateKey.class);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(key.getEncoded()).isNull();
        assertThat(key.getFormat()).isNull();
        assertThat(((ECKey) key).getParams()).isEqualTo(((ECPublicKey) ks.getCertificate("web").getPublicKey()).getParams());
        assertThat(((ECKey) key).getParams().getOrder().bitLength()).isEqualTo(256);
        assertThat(key.toString()).contains("web").contains("EC");
        JcaFixtures.assertNoSecret(key.toString(), dir, "1234");
        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(key)).isInstanceOf(NotSerializableException.class);
        KeyStore.PrivateKeyEntry e = (KeyStore.PrivateKeyEntry) ks.getEntry("web", new KeyStore.PasswordProtection(PIN));
        assertThat(e.getPrivateKey()).isInstanceOf(CardPrivateKey.class);
        assertThat(e.getCertificate()).isEqualTo(ks.getCertificate("web"));
    }

    @Test
    void theRsaKeyGivesItsModulusFromTheCertificate() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.RSA_2048), "bob");
        KeyStore ks = JcaFixtures.keyStore(JcaFixtures.provider(store), PIN);
        Key key = ks.getKey("web", PIN);

        assertThat(key).isInstanceOf(RSAKey.class).isNotInstanceOf(RSAPrivateKey.class);
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(key.getEncoded()).isNull();
        assertThat(((RSAKey) key).getModulus()).isEqualTo(((RSAPublicKey) ks.getCertificate("web").getPublicKey()).getModulus());
        assertThat(((RSAKey) key).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void everyWriteIsRefusedPointingAtTheImportCommand() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        KeyStore ks = JcaFixtures.keyStore(JcaFixtures.provider(store), PIN);
        Certificate[] chain = ks.getCertificateChain("web");
        String readOnly = "the SecFuNet key store is read-only: import keys with 'secfunet card import'";

        assertThatThrownBy(() -> ks.setKeyEntry("x", ks.getKey("web", PIN), PIN, chain)).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.setKeyEntry("x", new byte[16], chain)).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.setCertificateEntry("x", chain[0])).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.deleteEntry("web")).isInstanceOf(KeyStoreException.class).hasMessage(readOnly);
        assertThatThrownBy(() -> ks.store(new ByteArrayOutputStream(), PIN)).isInstanceOf(IOException.class).hasMessage(readOnly);
        assertThat(ks.size()).isEqualTo(1);
    }

    @Test
    void withoutAPinPublicDataIsReadAndTheKeyTakesGetKeysPassword() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        KeyStore ks = JcaFixtures.keyStore(p, null);
        assertThat(Collections.list(ks.aliases())).containsExactly("web");
        assertThat(((CardPrivateKey) ks.getKey("web", null)).pins()).isSameAs(org.secfunet.jca.card.PinSource.NONE);

        assertThatThrownBy(() -> ks.getKey("web", "9999".toCharArray())).isInstanceOf(UnrecoverableKeyException.class)
                .hasMessageContaining("wrong PIN").hasMessageContaining("2 tries left")
                .satisfies(e -> JcaFixtures.assertNoSecret(e.getMessage(), dir, "9999"));
        assertThat(ks.getKey("web", PIN)).isInstanceOf(CardPrivateKey.class);
        assertThat(pinTriesLeft(p, store)).isEqualTo(3);
    }

    @Test
    void aWrongPinFailsTheLoadWithTheTriesLeft() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);

        assertThatThrownBy(() -> JcaFixtures.keyStore(p, "9999".toCharArray())).isInstanceOf(IOException.class)
                .hasMessage("wrong PIN for the card in reader vcard:" + store + ": 2 tries left")
                .cause().isInstanceOf(UnrecoverableKeyException.class).hasMessageContaining("2 tries left")
                .cause().isInstanceOf(CardProblem.class);
        assertThatThrownBy(() -> JcaFixtures.keyStore(p, "8888".toCharArray())).hasMessageContaining("1 try left");
        assertThat(Collections.list(JcaFixtures.keyStore(p, PIN).aliases())).containsExactly("web");
        assertThat(pinTriesLeft(p, store)).isEqualTo(3);
    }

    @Test
    void aPasswordNoCardTakesIsRefusedWithoutReachingTheCard() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        assertThatThrownBy(() -> JcaFixtures.keyStore(p, "a long key store password".toCharArray())).isInstanceOf(IOException.class)
                .hasMessageContaining("is not one a card takes").hasMessageContaining("4 to 8 characters").hasMessageNotContaining("long key store")
                .cause().isInstanceOf(UnrecoverableKeyException.class);
        assertThat(pinTriesLeft(p, store)).isEqualTo(3);
    }

    @Test
    void aBlockedPinSaysSoAndHowToUnblockIt() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        KeyStore ks = KeyStore.getInstance("SecFuNet", p);
        // a PIN the application gives is presented each time it gives it, even the same wrong one
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ks.load(null, "0000".toCharArray())).hasMessageContaining("wrong PIN");
        }
        assertThatThrownBy(() -> ks.load(null, "0000".toCharArray())).isInstanceOf(IOException.class).hasMessageContaining("blocked");
        assertThatThrownBy(() -> ks.load(null, PIN)).isInstanceOf(IOException.class)
                .hasMessage("the PIN of the card in reader vcard:" + store + " is blocked: unblock it with 'secfunet card pin unblock'")
                .cause().isInstanceOf(UnrecoverableKeyException.class);
    }

    @Test
    void aCallbackHandlerGivesThePinAndASameWrongAnswerIsPresentedOnlyOnce() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        SecFuNetProvider p = JcaFixtures.provider(store);
        AtomicInteger asked = new AtomicInteger();
        KeyStore.Builder good = KeyStore.Builder.newInstance("SecFuNet", p, new KeyStore.CallbackHandlerProtection(cbs -> {
            asked.incrementAndGet();
            ((PasswordCallback) cbs[0]).setPassword(PIN);
        }));
        KeyStore ks = good.getKeyStore();
        assertThat(asked).hasValue(1);
        assertThat(ks.getEntry("web", good.getProtectionParameter("web"))).isInstanceOf(KeyStore.PrivateKeyEntry.class);
        assertThat(asked).hasValue(1);

        // KeyStore.Builder loads again (3 times) after a wrong password: the card sees the wrong PIN once
        KeyStore.Builder wrong = KeyStore.Builder.newInstance("SecFuNet", p, new KeyStore.CallbackHandlerProtection(cbs ->
                ((PasswordCallback) cbs[0]).setPassword("9999".toCharArray())));
        assertThatThrownBy(wrong::getKeyStore).isInstanceOf(KeyStoreException.class).hasStackTraceContaining("PIN");
        assertThat(pinTriesLeft(p, store)).isEqualTo(2);
    }

    @Test
    void distinctCardsWithTheSameLabelGetUniqueAliases() throws Exception {
        ThrowawayPki pki = JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256);
        Path a = JcaFixtures.card(dir, pki, "alice");
        Path b = JcaFixtures.card(dir, pki, "bob");
        X509Certificate bLeaf = JcaFixtures.leaf(b);
        KeyStore ks = JcaFixtures.keyStore(JcaFixtures.provider("vcard:" + a + ";vcard:" + b), PIN);

        assertThat(Collections.list(ks.aliases())).containsExactly("web@vcard:" + a, "web@vcard:" + b);
        assertThat(ks.getCertificate("web@vcard:" + b)).isEqualTo(bLeaf);
        assertThat(((CardPrivateKey) ks.getKey("web@vcard:" + a, null)).readers()).containsExactly("vcard:" + a);
    }

    @Test
    void clonedCardsAreOneAliasWhoseKeySignsOnEither() throws Exception {
        Path a = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        Path b = JcaFixtures.cloneCard(a, dir, "alice-clone");
        KeyStore ks = JcaFixtures.keyStore(JcaFixtures.provider("vcard:" + a + ";vcard:" + b), PIN);

        assertThat(Collections.list(ks.aliases())).containsExactly("web");
        assertThat(((CardPrivateKey) ks.getKey("web", null)).readers()).containsExactly("vcard:" + a, "vcard:" + b);
    }

    @Test
    void noCardIsAClearLoadFailure() throws Exception {
        Path missing = dir.resolve("absent.sfn");
        assertThatThrownBy(() -> JcaFixtures.keyStore(JcaFixtures.provider(missing), PIN)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString()).satisfies(e -> JcaFixtures.assertNoSecret(e.getMessage(), dir, "1234"));
    }

    @Test
    void aStreamIsRefused() throws Exception {
        Path store = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
        KeyStore ks = KeyStore.getInstance("SecFuNet", JcaFixtures.provider(store));
        assertThatThrownBy(() -> ks.load(new java.io.ByteArrayInputStream(new byte[1]), PIN)).isInstanceOf(IOException.class)
                .hasMessageContaining("null stream");
    }

    /** The card's PIN tries, read directly after the provider closed its sessions (a store is opened once per process). */
    static int pinTriesLeft(SecFuNetProvider p, Path store) {
        p.bank().close();
        try (var card = TestCards.open(store, false)) {
            return card.pinTriesLeft();
        }
    }
}
