package org.secfunet.card.eaptls;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.secfunet.apdu.Hex;
import org.secfunet.card.store.CardStoreException;

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
        img.userPin = new EapCardImage.Pin();
        img.userPin.maxTries = USER_PIN_TRIES;
        img.userPin.triesLeft = USER_PIN_TRIES;
        PinCommands.set(img.userPin, new String(pin).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        img.puk = new EapCardImage.Pin();
        img.puk.maxTries = PUK_TRIES;
        img.puk.triesLeft = PUK_TRIES;
        PinCommands.set(img.puk, new String(puk).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        EapCardStore.create(store, img);
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
