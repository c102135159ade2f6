package org.secfunet.apdu;

/**
 * The card answered, with a status word that refuses the command (wrong PIN, PIN blocked, data
 * not found, conditions not satisfied...): the path to the card works, the request does not.
 * Deliberately not a {@link TransportException} (reader gone, link broken), so that no catch order
 * can mistake one for the other.
 */
public class CardStatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int sw;

    public CardStatusException(String message, int sw) {
        super(message);
        this.sw = sw;
    }

    /** The status word SW1 SW2 the card answered (9000 when the answer was OK but its data unusable). */
    public int sw() {
        return sw;
    }

    /** The status word's meaning from {@link StatusWord}. */
    public String meaning() {
        return StatusWord.describe(sw);
    }
}
