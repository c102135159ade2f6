package org.secfunet.coord;

/**
 * The coordinator's view of its ZooKeeper session, from Curator's connection states.
 * Only {@link #CONNECTED} allows new card sessions; what is held already may be finished.
 */
public enum Health {
    /** Connected to a server of an ensemble with its quorum; the session (and its ephemeral znodes and locks) is alive. */
    CONNECTED,
    /**
     * The connection was lost or the server lost its quorum; the session may still be alive (its
     * locks held) until the session timeout, but nothing can be read or written until it returns.
     */
    SUSPENDED,
    /**
     * The session is gone (expired, or never established): its ephemeral znodes and locks belong to
     * nobody any more. Curator keeps reconnecting; registrations come back with a new session.
     */
    LOST
}
