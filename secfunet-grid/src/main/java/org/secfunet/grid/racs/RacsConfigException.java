package org.secfunet.grid.racs;

/** A configuration problem, in one line that names the file and the field. */
public final class RacsConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RacsConfigException(String message) {
        super(message);
    }

    public RacsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
