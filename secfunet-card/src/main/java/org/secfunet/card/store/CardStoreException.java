package org.secfunet.card.store;

/** A card store cannot be read, written or locked; the message names the file and the problem. */
public final class CardStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CardStoreException(String message) {
        super(message);
    }

    public CardStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
