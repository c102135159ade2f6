package org.secfunet.card.store;

/** A card image holding a PIN and, on cards that have one, an unblock PIN (PUK). */
public interface PinImage {
    /** The PIN (user PIN, PIN1/CHV1), a live part of this image. */
    PinCounter pin();

    /** The unblock PIN (PUK, PUK1), a live part of this image; null on a card without one. */
    default PinCounter puk() {
        return null;
    }
}
