package org.secfunet.radius.server;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * One EAP conversation between a peer (through its NAS) and the EAP-TLS server in one card: the
 * card is held from the EAP-Response/Identity to the Access-Accept or -Reject, or until the peer
 * goes quiet between two rounds, or the whole conversation runs too long. The conversation owns its
 * card lease, its place in the {@link CardQuota} and its lock: every use of the card runs in
 * {@link #exclusive}, so the requests of one conversation are serialized.
 */
final class Conversation {
    final String state;
    final String userName;
    final String client;
    final CardLease lease;
    private final CardQuota.Hold hold;
    final EapSmartcard card;
    final long startNanos;
    private final Object lock = new Object();
    private volatile long lastNanos;
    private int rounds;
    private boolean ended;

    Conversation(String state, String userName, String client, CardLease lease, CardQuota.Hold hold, EapSmartcard card, long now) {
        this.state = state;
        this.userName = userName;
        this.client = client;
        this.lease = lease;
        this.hold = hold;
        this.card = card;
        this.startNanos = now;
        this.lastNanos = now;
    }

    /** Runs {@code work} holding this conversation's lock. */
    <T> T exclusive(Supplier<T> work) {
        synchronized (lock) {
            return work.get();
        }
    }

    byte[] stateBytes() {
        return state.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first characters of the State, to name the conversation in logs. */
    String shortName() {
        return state.substring(0, 8);
    }

    /** One EAP round in the card (under the lock): the peer is heard from at {@code now}. */
    EapSmartcard.EapResult round(byte[] eap, long now) {
        lastNanos = now;
        rounds++;
        return card.processEap(eap);
    }

    /** The card's answer leaves at {@code now}: the peer's silence is counted from here. */
    void answered(long now) {
        lastNanos = now;
    }

    int rounds() {
        return rounds;
    }

    /** True when the peer has been quiet for more than {@code limitNanos} at {@code now}. */
    boolean quietLongerThan(long now, long limitNanos) {
        return now - lastNanos > limitNanos;
    }

    /** True when the conversation began more than {@code limitNanos} before {@code now}. */
    boolean olderThan(long now, long limitNanos) {
        return now - startNanos > limitNanos;
    }

    boolean ended() {
        return ended;
    }

    /**
     * Releases the card (reset: its TLS state ends with the conversation) and the quota; idempotent.
     * {@code failure} is the card's failure (null: none); one without a message counts as none, and a
     * failure to reset the card then takes its place.
     */
    void end(RuntimeException failure) {
        if (ended) {
            return;
        }
        ended = true;
        hold.release();
        try {
            card.closeAndReset();
        } catch (RuntimeException e) {
            failure = failure == null || failure.getMessage() == null ? e : failure;
        }
        if (failure != null && failure.getMessage() != null) {
            lease.fail(failure);
        } else {
            lease.close();
        }
    }
}
