package org.secfunet.radius.server;

import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * Where a conversation gets its card: the static {@code [[card]]} list ({@link StaticCards}) or a
 * pool shared through ZooKeeper ({@link GridCards}). {@link #take} leases a card and connects to
 * it; the conversation then presents the PIN with {@link Taken#pin} and gives the lease back.
 */
interface CardSource {
    /** The card could not be reached (its lease is given back already); {@code getMessage} is one line. */
    final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /** No card was free in time (the request is dropped: the NAS retransmits). */
    final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    /** No card is in service (Access-Reject). */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** How the PIN is presented to the selected card (an {@link org.secfunet.pcsc.eapcard.EapCardException} when refused). */
    @FunctionalInterface
    interface PinStep {
        void present(EapSmartcard card);
    }

    /** A leased, connected card, its PIN step and the identity to serve (empty: the card's preferred one). */
    record Taken(CardLease lease, EapSmartcard card, PinStep pin, String identity) {
    }

    /**
     * A card for a new conversation, waiting at most {@code waitMillis} for one to be free.
     *
     * @throws Busy        none was free in time (the request is dropped: the NAS retransmits)
     * @throws Unavailable no card is in service (Access-Reject)
     * @throws Failed               the card chosen could not be reached (Access-Reject)
     * @throws org.secfunet.coord.CoordinationUnavailableException ZooKeeper is away (Access-Reject, logged throttled)
     */
    Taken take(long waitMillis) throws InterruptedException;
}
