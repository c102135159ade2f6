package org.secfunet.apdu;

/** A byte string that is not a well-formed APDU; the message says exactly what is wrong. */
public final class ApduFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ApduFormatException(String message) {
        super(message);
    }
}
