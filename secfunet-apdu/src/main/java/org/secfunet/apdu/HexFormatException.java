package org.secfunet.apdu;

/** Text that is not hex bytes ({@link Hex#decode}); the message says where and why. */
public final class HexFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public HexFormatException(String message) {
        super(message);
    }
}
