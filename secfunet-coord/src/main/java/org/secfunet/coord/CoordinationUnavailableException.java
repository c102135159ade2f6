package org.secfunet.coord;

/**
 * ZooKeeper cannot be used now (no connection, no quorum, or session lost): new card sessions are
 * refused until it returns. Curator reconnects by itself; the message says so in one line.
 */
public class CoordinationUnavailableException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public CoordinationUnavailableException(String message) {
        super(message);
    }
}
