package org.secfunet.radius.server;

import java.util.concurrent.atomic.AtomicLong;
import org.secfunet.pcsc.FencingRefusedException;

/** What radius_server counts of its pool on ZooKeeper (exported by {@link RadiusMetrics#bindGrid}). */
final class GridCardStats {
    /** Conversation starts that found every SE of the pool locked and waited for one. */
    final AtomicLong lockWaits = new AtomicLong();
    /** Starts whose wait for a lock ran out (dropped: the NAS retransmits). */
    final AtomicLong lockTimeouts = new AtomicLong();
    /** Starts refused because ZooKeeper was unavailable (Access-Reject). */
    final AtomicLong refusedNoCoordination = new AtomicLong();
    /** Card opens or rounds refused by the RACS server for a stale fencing token. */
    final AtomicLong staleTokens = new AtomicLong();
    /** Wrong PINs of server-role cards (each takes its SE out of this instance's pool). */
    final AtomicLong pinRefused = new AtomicLong();
    /** Starts that did not present a PIN because the SE's shared PIN budget was used up. */
    final AtomicLong pinBudgetFull = new AtomicLong();

    /**
     * Counts {@code failure} in {@link #staleTokens} when it is, or was caused by, the RACS server's
     * refusal of a stale fencing token (docs/racs.md, "Fencing tokens"): the reader's
     * {@link FencingRefusedException}, told by its type.
     */
    void countStale(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof FencingRefusedException) {
                staleTokens.incrementAndGet();
                return;
            }
        }
    }
}
