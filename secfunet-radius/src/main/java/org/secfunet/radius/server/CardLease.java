package org.secfunet.radius.server;

/** The hold of one conversation on its card: given back once, as free ({@link #close}) or failed ({@link #fail}). */
interface CardLease {
    /** The card's name in logs: its index in the static list, or its SEID on the grid. */
    String cardId();

    /** The conversation ended and the card is fine. */
    void close();

    /**
     * The card failed with {@code failure} (its message is the reason): the static pool takes it
     * out of service; on the grid its lock is given back.
     */
    void fail(RuntimeException failure);
}
