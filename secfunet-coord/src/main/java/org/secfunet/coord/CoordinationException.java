package org.secfunet.coord;

/** A coordination operation failed (refused by ZooKeeper, bad data, contention); the message is one line naming the cause. */
public class CoordinationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoordinationException(String message) {
        super(message);
    }

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
