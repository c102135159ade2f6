package org.secfunet.card.eaptls;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.secfunet.apdu.Hex;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.PinCounter;

/** Makes new, empty EAP-TLS software cards (the factory's job before personalization). */
public final class EapCards {
    public static final int USER_PIN_TRIES = 3;
    public static final int PUK_TRIES = 10;

    private EapCards() {
    }

    /** A new card store with its PIN (3 tries) and unblock PIN (10 tries), and no credentials yet. */
    public static void init(Path store, String label, char[] pin, char[] puk) {
        checkPin("PIN", pin);
        checkPin("unblock PIN (PUK)", puk);
        EapCardImage img = new EapCardImage();
        img.label = label;
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        img.serial = Hex.encode(serial);
        img.userPin = PinCounter.of(pin, USER_PIN_TRIES);
        img.userPin.enabled = true;
        img.puk = PinCounter.of(puk, PUK_TRIES);
        img.puk.enabled = true;
        EapCardStore.create(store, img);
    }

    /**
     * A new card personalized through its own APDU interface, the way an issuer does it: the key,
     * its certificate, one trusted CA, and a preferred peer identity named {@code label}.
     */
    public static void personalized(Path store, String cardLabel, char[] pin, char[] puk, java.security.PrivateKey key,
                                    java.security.cert.X509Certificate cert, java.security.cert.X509Certificate trustedCa,
                                    String label, String eapIdentity) throws java.security.cert.CertificateEncodingException {
        personalized(store, cardLabel, pin, puk, key, cert, trustedCa, label, eapIdentity, "peer");
    }

    /** As above, the identity in {@code role} "peer" (EAP-TLS client) or "server" (EAP-TLS server). */
    public static void personalized(Path store, String cardLabel, char[] pin, char[] puk, java.security.PrivateKey key,
                                    java.security.cert.X509Certificate cert, java.security.cert.X509Certificate trustedCa,
                                    String label, String eapIdentity, String role) throws java.security.cert.CertificateEncodingException {
        init(store, cardLabel, pin, puk);
        org.secfunet.card.runtime.OpenCard open = new EapCardKind().open(store);
        try (org.secfunet.pcsc.eapcard.EapSmartcard card = new org.secfunet.pcsc.eapcard.EapSmartcard(
                new org.secfunet.pcsc.InProcessSession(open.card(), cardLabel, open::close), org.secfunet.apdu.trace.Tracer.OFF, org.secfunet.pcsc.eapcard.ApduMode.EXTENDED)) {
            card.select();
            card.verifyPuk(puk);
            card.putPrivateKey(key.getEncoded());
            card.appendCertificate(cert.getEncoded());
            card.addCa(trustedCa.getEncoded());
            card.addIdentity(label, eapIdentity, role, true);
        }
    }

    private static void checkPin(String what, char[] pin) {
        if (pin.length < 4 || pin.length > 8) {
            throw new CardStoreException(what + " must have 4 to 8 characters");
        }
        for (char c : pin) {
            if (c < 0x20 || c > 0x7E) {
                throw new CardStoreException(what + " must be printable ASCII");
            }
        }
    }
}
