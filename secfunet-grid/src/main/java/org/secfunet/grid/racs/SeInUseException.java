package org.secfunet.grid.racs;

/** The SE is locked by another session (or busy in another session's exchange). */
final class SeInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SeInUseException() {
        super("SE in use by another session", null, false, false);
    }
}
