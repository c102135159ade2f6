package org.secfunet.grid.racs;

/**
 * A command refused by the SE's fencing rule before it reached the card: a stale token (older than
 * the newest seen for the SE, or of a session a newer token took the SE from), or a token-less
 * power-on of an SE that requires one. The message is the status line's parameters.
 */
final class SeFencedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SeFencedException(String parameters) {
        super(parameters, null, false, false);
    }
}
