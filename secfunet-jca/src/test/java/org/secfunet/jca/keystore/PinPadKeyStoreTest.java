package org.secfunet.jca.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.card.testing.PinPadReaderProvider;
import org.secfunet.card.testing.PinPadReaderProvider.ReaderAnswer;
import org.secfunet.card.testing.PinPadReaderProvider.Typed;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.pcsc.eapcard.EapCardPinPad;
import org.secfunet.pcsc.part10.ReaderFeatures;

/** The provider's {@code pin=pinpad} and {@code pin=auto}, with the software card in a test pinpad reader ({@link PinPadReaderProvider}). */
class PinPadKeyStoreTest {
    private static final byte[] MESSAGE = "signed on the card, PIN typed on the reader".getBytes(StandardCharsets.UTF_8);
    private static final String PIN = new String(JcaFixtures.PIN);

    @TempDir
    Path dir;

    private Path card() throws Exception {
        return JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "alice");
    }

    private static byte[] sign(SecFuNetProvider p, PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", p);
        s.initSign(key);
        s.update(MESSAGE);
        return s.sign();
    }

    private static boolean verifies(KeyStore ks, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(ks.getCertificate("web").getPublicKey());
        v.update(MESSAGE);
        return v.verify(sig);
    }

    @Test
    void withPinPadTheKeyStoreLoadsWithoutAPinAndTheSignatureAsksThePinPad() throws Exception {
        Path store = card();
        SecFuNetProvider p = JcaFixtures.provider("pinpad:" + store + ";pin=pinpad");
        KeyStore ks = JcaFixtures.keyStore(p, null);
        assertThat(PinPadReaderProvider.entries(store)).as("load reads public data only").isZero();
        PinPadReaderProvider.keypad(store, new Typed(PIN));
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        assertThat(verifies(ks, sign(p, key))).isTrue();
        List<PinPadReaderProvider.Control> calls = PinPadReaderProvider.controls(store);
        assertThat(calls).extracting(PinPadReaderProvider.Control::code)
                .containsExactly(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, PinPadReaderProvider.VERIFY_PIN_DIRECT);
        assertThat(Hex.encode(calls.get(1).command())).isEqualTo(Hex.encode(EapCardPinPad.verifyPin().encode()));
        assertThat(verifies(ks, sign(p, key))).isTrue();
        assertThat(PinPadReaderProvider.entries(store)).as("cache policy: the card stays verified").isEqualTo(1);
    }

    @Test
    void aPasswordGivenToLoadIsNotPresentedWithPinPad() throws Exception {
        Path store = card();
        SecFuNetProvider p = JcaFixtures.provider("pinpad:" + store + ";pin=pinpad");
        PinPadReaderProvider.keypad(store, new Typed(PIN));
        KeyStore ks = JcaFixtures.keyStore(p, "9999".toCharArray()); // keytool's -storepass: the PIN is typed on the reader instead
        assertThat(PinPadReaderProvider.entries(store)).as("load verifies, on the pinpad").isEqualTo(1);
        assertThat(verifies(ks, sign(p, (PrivateKey) ks.getKey("web", null)))).isTrue();
    }

    @Test
    void aWrongPinOnThePinPadSaysTheTriesLeftAndTheNextOperationAsksAgain() throws Exception {
        Path store = card();
        SecFuNetProvider p = JcaFixtures.provider("pinpad:" + store + ";pin=pinpad");
        KeyStore ks = JcaFixtures.keyStore(p, null);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        PinPadReaderProvider.keypad(store, new Typed("0000"), new Typed(PIN));
        assertThatThrownBy(() -> sign(p, key)).isInstanceOf(SignatureException.class)
                .hasMessageContaining("wrong PIN for the card in reader pinpad:").hasMessageContaining("2 tries left");
        assertThat(verifies(ks, sign(p, key))).as("the user types again").isTrue();
        assertThat(PinPadReaderProvider.entries(store)).isEqualTo(2);
    }

    @Test
    void aCancelOnThePinPadIsAClearError() throws Exception {
        Path store = card();
        SecFuNetProvider p = JcaFixtures.provider("pinpad:" + store + ";pin=pinpad");
        KeyStore ks = JcaFixtures.keyStore(p, null);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        PinPadReaderProvider.keypad(store, new ReaderAnswer("64 01"));
        assertThatThrownBy(() -> sign(p, key)).isInstanceOf(SignatureException.class)
                .hasMessageContaining("no PIN typed on the pinpad for the card in reader pinpad:").hasMessageContaining("cancelled");
    }

    @Test
    void pinPadOnAReaderWithoutOneNamesTheReader() throws Exception {
        Path store = card();
        SecFuNetProvider p = JcaFixtures.provider("nopad:" + store + ";pin=pinpad");
        KeyStore ks = JcaFixtures.keyStore(p, null);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        assertThatThrownBy(() -> sign(p, key)).isInstanceOf(SignatureException.class)
                .hasMessageContaining("reader nopad:" + store + " has no pinpad").hasMessageContaining("pin=pinpad");
        Path other = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "bob");
        assertThatThrownBy(() -> JcaFixtures.keyStore(JcaFixtures.provider("nopad:" + other + ";pin=pinpad"), JcaFixtures.PIN))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("reader nopad:" + other + " has no pinpad");
    }

    @Test
    void autoUsesThePinPadWhenTheReaderHasOneElseTheApplicationsPin() throws Exception {
        Path store = card();
        SecFuNetProvider onPad = JcaFixtures.provider("pinpad:" + store + ";pin=auto");
        PinPadReaderProvider.keypad(store, new Typed(PIN));
        KeyStore ks = JcaFixtures.keyStore(onPad, "9999".toCharArray());
        assertThat(verifies(ks, sign(onPad, (PrivateKey) ks.getKey("web", null)))).isTrue();
        assertThat(PinPadReaderProvider.entries(store)).isEqualTo(1);

        Path other = JcaFixtures.card(dir, JcaFixtures.pki(ThrowawayPki.KeyType.EC_P256), "bob");
        SecFuNetProvider noPad = JcaFixtures.provider("nopad:" + other + ";pin=auto");
        KeyStore typed = JcaFixtures.keyStore(noPad, JcaFixtures.PIN);
        assertThat(verifies(typed, sign(noPad, (PrivateKey) typed.getKey("web", null)))).isTrue();
        assertThat(PinPadReaderProvider.entries(other)).isZero();
    }

    @Test
    void perOperationWithAPinPadAsksForEverySignature() throws Exception {
        Path store = card();
        SecFuNetProvider p = JcaFixtures.provider("pinpad:" + store + ";pin=pinpad;pin-policy=per-operation");
        KeyStore ks = JcaFixtures.keyStore(p, null);
        PrivateKey key = (PrivateKey) ks.getKey("web", null);
        PinPadReaderProvider.keypad(store, new Typed(PIN), new Typed(PIN));
        assertThat(verifies(ks, sign(p, key))).isTrue();
        assertThat(verifies(ks, sign(p, key))).isTrue();
        assertThat(PinPadReaderProvider.entries(store)).isEqualTo(2);
    }
}
