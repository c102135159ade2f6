package org.secfunet.service;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps connections that have not authenticated yet (TCP accepted, TLS handshake not finished), in
 * total and per source address, apart from the caps on authenticated sessions: clients without a
 * certificate can then hold at most these slots, never the ones of authenticated clients, and one
 * source cannot take all of them. The accept loop asks {@link #enter} and closes the connection at
 * once when it says no; the pass is closed when the handshake ends, however it ends.
 */
public final class PendingGate {
    private final int maxPending;
    private final int maxPerSource;
    private final Map<InetAddress, Integer> bySource = new HashMap<>();
    private int pending;

    public PendingGate(int maxPending, int maxPerSource) {
        if (maxPending < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("pending limits must be at least 1");
        }
        this.maxPending = maxPending;
        this.maxPerSource = maxPerSource;
    }

    /** A pass for one pending connection from {@code source}, or null when a cap is reached. */
    public synchronized Pass enter(InetAddress source) {
        int mine = bySource.getOrDefault(source, 0);
        if (pending >= maxPending || mine >= maxPerSource) {
            return null;
        }
        pending++;
        bySource.put(source, mine + 1);
        return new Pass(source);
    }

    /** Why {@link #enter} said no, for the log line. */
    public synchronized String refusal(InetAddress source) {
        return bySource.getOrDefault(source, 0) >= maxPerSource ? maxPerSource + " pending handshakes from this address"
                : maxPending + " pending handshakes in total";
    }

    /** Connections holding a pass now. */
    public synchronized int pending() {
        return pending;
    }

    private synchronized void leave(InetAddress source) {
        pending--;
        bySource.computeIfPresent(source, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** One pending connection's slot; closing it (once or more) frees the slot. */
    public final class Pass implements AutoCloseable {
        private final InetAddress source;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Pass(InetAddress source) {
            this.source = source;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                leave(source);
            }
        }
    }
}
