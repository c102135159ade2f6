package org.secfunet.service;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Caps connections that have not authenticated yet (TCP accepted, TLS handshake not finished), in
 * total and per source address, apart from the caps on authenticated sessions: clients without a
 * certificate can then hold at most these slots, never the ones of authenticated clients.
 * When every slot is taken, a newcomer from a source holding fewer pending connections than the
 * busiest source takes the oldest slot of that source (whose connection is closed), so that a few
 * sources cannot shut out the others by filling the pool. Otherwise the accept loop closes the
 * newcomer at once. The pass is closed when the handshake ends, however it ends.
 */
public final class PendingGate {
    /** At most one refusal line per this interval. */
    static final long REPORT_INTERVAL_MILLIS = 10_000;

    private final int maxPending;
    private final int maxPerSource;
    private final LongSupplier nanos;
    private final Map<InetAddress, Deque<Pass>> bySource = new HashMap<>();
    private int pending;
    private long unreported;
    private boolean reported;
    private long lastReport;

    public PendingGate(int maxPending, int maxPerSource) {
        this(maxPending, maxPerSource, System::nanoTime);
    }

    PendingGate(int maxPending, int maxPerSource, LongSupplier nanos) {
        if (maxPending < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("pending limits must be at least 1");
        }
        this.maxPending = maxPending;
        this.maxPerSource = maxPerSource;
        this.nanos = nanos;
    }

    /**
     * A pass for an accepted socket (closed should its slot be taken), or null when a cap is
     * reached: the socket is then closed at once and, at most once per interval, a line about it
     * goes to {@code log}.
     */
    public Pass admit(Socket s, Consumer<String> log) {
        Pass pass = enter(s.getInetAddress(), () -> AcceptLoop.closeQuietly(s));
        if (pass == null) {
            String line = refused(s.getInetAddress());
            if (line != null) {
                log.accept(line);
            }
            AcceptLoop.closeQuietly(s);
        }
        return pass;
    }

    /**
     * A pass for one pending connection from {@code source}, or null when a cap is reached;
     * {@code evict} closes this connection should a source with fewer pending connections need its slot.
     */
    public Pass enter(InetAddress source, Runnable evict) {
        Pass evicted;
        Pass pass;
        synchronized (this) {
            Deque<Pass> mine = bySource.get(source);
            int count = mine == null ? 0 : mine.size();
            if (count >= maxPerSource) {
                return null;
            }
            evicted = null;
            if (pending >= maxPending) {
                Deque<Pass> busiest = busiest();
                if (busiest == null || busiest.size() <= count + 1) {
                    return null;
                }
                evicted = busiest.peekFirst();
                evicted.release();
            }
            pass = new Pass(source, evict);
            bySource.computeIfAbsent(source, k -> new ArrayDeque<>()).addLast(pass);
            pending++;
        }
        if (evicted != null) {
            evicted.evict.run();
        }
        return pass;
    }

    /**
     * Counts a connection {@link #enter} refused; the log line about it, or null when one was given
     * less than {@link #REPORT_INTERVAL_MILLIS} ago (a flood must not flood the log too; the next
     * line says how many refusals it stands for).
     */
    public synchronized String refused(InetAddress source) {
        unreported++;
        long now = nanos.getAsLong();
        if (reported && now - lastReport < TimeUnit.MILLISECONDS.toNanos(REPORT_INTERVAL_MILLIS)) {
            return null;
        }
        Deque<Pass> mine = bySource.get(source);
        String why = mine != null && mine.size() >= maxPerSource ? maxPerSource + " pending handshakes from this address"
                : maxPending + " pending handshakes in total";
        String line = "refused " + source.getHostAddress() + " before TLS: " + why
                + (unreported > 1 ? " (" + unreported + " connections refused since the last report)" : "");
        reported = true;
        lastReport = now;
        unreported = 0;
        return line;
    }

    /** Connections holding a pass now. */
    public synchronized int pending() {
        return pending;
    }

    private Deque<Pass> busiest() {
        Deque<Pass> most = null;
        for (Deque<Pass> d : bySource.values()) {
            if (most == null || d.size() > most.size()) {
                most = d;
            }
        }
        return most;
    }

    /** One pending connection's slot; closing it (once or more) frees the slot. */
    public final class Pass implements AutoCloseable {
        private final InetAddress source;
        private final Runnable evict;
        private boolean released;

        private Pass(InetAddress source, Runnable evict) {
            this.source = source;
            this.evict = evict;
        }

        @Override
        public void close() {
            synchronized (PendingGate.this) {
                release();
            }
        }

        /** Under the gate's lock. */
        private void release() {
            if (released) {
                return;
            }
            released = true;
            pending--;
            Deque<Pass> d = bySource.get(source);
            d.remove(this);
            if (d.isEmpty()) {
                bySource.remove(source);
            }
        }
    }
}
