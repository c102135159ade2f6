package org.secfunet.grid.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Card sessions kept open and verified between two handshakes of the same card, so that a card
 * whose PIN the operator holds is not powered on, selected and verified again for every request
 * (on a RACS grid that is a POWERON, two round trips and a PIN check that rewrites the card's
 * store). Only the holder of the card's {@link CardPool} lease touches its entry: a request takes
 * it after leasing the card and gives it back before releasing the lease; {@link #sweep} leases a
 * card (without waiting) before closing a session idle longer than the keep time, so a session is
 * never closed under a request.
 * <p>
 * A kept session is checked before reuse with Get-State, which the card answers only while the
 * PIN is verified: a session the card, reader or RACS server dropped in the meantime is closed
 * quietly and the request opens a fresh one, with nothing yet sent to the target. A keep time of
 * zero keeps nothing (every handshake opens and closes its card session).
 */
final class KeptCards implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeptCards.class);

    /** A verified card session and the identity chosen when it was opened. */
    record Kept(EapSmartcard card, String identity, long sinceNanos) {
    }

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final long keepNanos;
    private final LongSupplier nanos;
    private volatile boolean closed;

    KeptCards(long keepMillis, LongSupplier nanos) {
        this.keepNanos = TimeUnit.MILLISECONDS.toNanos(keepMillis);
        this.nanos = nanos;
    }

    /** True when sessions are kept at all. */
    boolean keeping() {
        return keepNanos > 0 && !closed;
    }

    /**
     * The kept session of {@code cardId} when it is still open and verified; else null (a dead one
     * is closed). The caller holds the card's lease and owns the session from here on.
     */
    Kept reuse(String cardId) {
        Kept k = kept.remove(cardId);
        if (k == null) {
            return null;
        }
        try {
            k.card().state(); // answered only while the PIN stays verified
            return k;
        } catch (RuntimeException e) {
            LOG.debug("kept session of card {} is gone ({}); opening a fresh one", cardId, e.getMessage());
            closeQuietly(k.card());
            return null;
        }
    }

    /** Closes the kept session of {@code cardId}, if any (a request that must verify afresh). The caller holds the lease. */
    void discard(String cardId) {
        Kept k = kept.remove(cardId);
        if (k != null) {
            closeQuietly(k.card());
        }
    }

    /** Keeps {@code card} (open and verified) for the next handshake of {@code cardId}, or closes it when nothing is kept. The caller holds the lease. */
    void keep(String cardId, EapSmartcard card, String identity) {
        if (!keeping()) {
            closeQuietly(card);
            return;
        }
        Kept previous = kept.put(cardId, new Kept(card, identity, nanos.getAsLong()));
        if (previous != null && previous.card() != card) {
            closeQuietly(previous.card());
        }
        if (closed) { // closed while we stored it: nobody else will
            discard(cardId);
        }
    }

    /** Closes the sessions idle longer than the keep time whose card is free now; returns how many. */
    int sweep(CardPool pool) {
        int n = 0;
        long now = nanos.getAsLong();
        for (Map.Entry<String, Kept> e : List.copyOf(kept.entrySet())) {
            if (now - e.getValue().sinceNanos() < keepNanos) {
                continue;
            }
            CardPool.Lease lease;
            try {
                lease = pool.lease(List.of(e.getKey()), 0);
            } catch (CardPool.Busy | CardPool.Unavailable busy) {
                continue; // in use: the request that holds it decides
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return n;
            }
            try (lease) {
                if (kept.remove(e.getKey(), e.getValue())) {
                    closeQuietly(e.getValue().card());
                    n++;
                }
            }
        }
        return n;
    }

    /** How many sessions are kept now. */
    int size() {
        return kept.size();
    }

    /** Closes every kept session; later {@link #keep} calls close theirs at once. */
    @Override
    public void close() {
        closed = true;
        List<String> ids = new ArrayList<>(kept.keySet());
        ids.forEach(this::discard);
    }

    private static void closeQuietly(EapSmartcard card) {
        try {
            card.closeAndReset();
        } catch (RuntimeException ignored) {
            // the card path is already broken
        }
    }
}
