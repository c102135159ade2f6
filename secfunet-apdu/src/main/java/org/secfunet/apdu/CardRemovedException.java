package org.secfunet.apdu;

/** The card was removed (or its virtual card stopped) during or before the exchange. */
public class CardRemovedException extends TransportException {
    private static final long serialVersionUID = 1L;

    public CardRemovedException(String message) {
        super(message);
    }

    public CardRemovedException(String message, Throwable cause) {
        super(message, cause);
    }
}
