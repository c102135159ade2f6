package org.secfunet.jca.card;

/**
 * Where one key store or SSL context gets the card's PIN from (a password given to
 * {@code KeyStore.load}, a {@code CallbackHandler}, the provider's {@code pin=} setting). The
 * object is also the identity a card's verification belongs to: a card verified for one source is
 * verified again before another source's operation runs on it.
 */
public interface PinSource {
    /**
     * A fresh copy of the PIN for the card in {@code reader} (the caller wipes it), or null when this
     * source has none.
     */
    char[] pin(String reader) throws CardProblem;

    /** The source's PIN proved wrong: forget it so it is never presented again. */
    default void rejected() {
    }

    /** No PIN at all: only public data (certificates, identities) can be read. */
    PinSource NONE = reader -> null;
}
