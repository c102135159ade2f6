package org.secfunet.card.pin;

import org.secfunet.card.store.PinCounter;
import org.secfunet.card.store.PinImage;

/** Which of a card's PINs a command names (the reference data that P2 of ISO 7816-4's VERIFY and the like names). */
public enum PinRef {
    /** The user PIN (PIN1, CHV1). */
    PIN,
    /** The unblock PIN (PUK, PUK1), which on the EAP-TLS card is also the issuer's authentication. */
    PUK;

    /** This PIN in {@code image} (a live part of it), or null when the card has none. */
    public PinCounter of(PinImage image) {
        return this == PIN ? image.pin() : image.puk();
    }
}
