package org.secfunet.pcsc.part10;

/** Bytes a reader sent as a PC/SC part 10 answer that are not one (truncated, too long, wrong length). */
public final class Part10FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Part10FormatException(String message) {
        super(message);
    }
}
