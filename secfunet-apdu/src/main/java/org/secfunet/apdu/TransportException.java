package org.secfunet.apdu;

/**
 * The card could not be reached: reader gone, card removed, service down, protocol broken. A card
 * that answers with an error status word is a {@link CardStatusException} instead.
 */
public class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
