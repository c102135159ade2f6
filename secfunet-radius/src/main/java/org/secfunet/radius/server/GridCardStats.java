package org.secfunet.radius.server;

import java.util.concurrent.atomic.AtomicLong;

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
}
