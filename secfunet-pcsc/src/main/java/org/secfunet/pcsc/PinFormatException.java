package org.secfunet.pcsc;

/** A PIN (or PUK) the card would not take as written: too short, too long, a character it does not allow. */
public final class PinFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PinFormatException(String message) {
        super(message);
    }
}
