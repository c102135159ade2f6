package org.secfunet.pcsc.part10;

/** A PIN entry on the reader's pinpad could not be made: the reader has no pinpad, or the control call failed. One line, never a PIN. */
public final class PinPadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PinPadException(String message) {
        super(message);
    }

    public PinPadException(String message, Throwable cause) {
        super(message, cause);
    }
}
