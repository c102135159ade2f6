package org.secfunet.cli;

/** A failure whose message is the whole story for the user. */
final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    UserException(String message) {
        this(message, Errors.FAILURE);
    }

    UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
