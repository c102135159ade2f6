package org.secfunet.cli;

/**
 * The CLI's one user-error type: a failure whose message is the whole story for the user, with
 * its exit code ({@link Errors#FAILURE} by default, {@link Errors#USAGE} for a bad command line).
 */
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
