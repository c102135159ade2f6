package org.secfunet.radius.packet;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Duplicate detection for a RADIUS server (RFC 2865 §3, RFC 5080 §2.2.2): a retransmitted request
 * (same {@link RequestKey}) gets the reply already sent, byte for byte, and a retransmission that
 * arrives while the first copy is still being processed is dropped rather than processed twice.
 *
 * <p>Entries live for a TTL (default 10 s, counted from {@link #begin} or {@link #remember}); at most
 * {@code maxEntries} are kept (default 4096), the oldest going first. The clock is injected
 * ({@code LongSupplier} of nanoseconds, {@code System::nanoTime} by default). No I/O; thread-safe.
 *
 * <p>Server use: {@code begin(key)} → {@code NEW}: process, then {@code remember(key, replyBytes)}
 * (or {@code forget(key)} if no reply is sent); {@code IN_PROGRESS}: drop; {@code ANSWERED}: resend
 * {@link Check#reply()}.
 */
public final class DuplicateCache {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ENTRIES = 4096;

    /** What {@link #begin} found. */
    public enum Status {
        /** Not seen (or expired): now marked in progress; the caller processes it. */
        NEW,
        /** A copy is being processed: drop this one. */
        IN_PROGRESS,
        /** Already answered: resend {@link Check#reply()}. */
        ANSWERED
    }

    /** The outcome of {@link #begin}; {@code reply} is set only for {@link Status#ANSWERED}. */
    public record Check(Status status, byte[] reply) {
    }

    private static final class Entry {
        final long since;
        final byte[] reply; // null while in progress

        Entry(long since, byte[] reply) {
            this.since = since;
            this.reply = reply;
        }
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanos;
    private final LinkedHashMap<RequestKey, Entry> entries = new LinkedHashMap<>();

    /** 10 s, 4096 entries, {@code System.nanoTime()}. */
    public DuplicateCache() {
        this(DEFAULT_TTL, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    public DuplicateCache(Duration ttl, int maxEntries, LongSupplier nanos) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the TTL must be positive, got " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanos = nanos;
    }

    /**
     * Atomically looks {@code key} up and, if it is new (or expired), marks it in progress. Two
     * threads racing with the same key get one {@code NEW} and one {@code IN_PROGRESS}.
     */
    public synchronized Check begin(RequestKey key) {
        long now = nanos.getAsLong();
        Entry e = live(key, now);
        if (e == null) {
            put(key, new Entry(now, null));
            return new Check(Status.NEW, null);
        }
        return e.reply == null ? new Check(Status.IN_PROGRESS, null) : new Check(Status.ANSWERED, e.reply.clone());
    }

    /** The reply remembered for {@code key}, or null (unknown, expired or still in progress). */
    public synchronized byte[] lookup(RequestKey key) {
        Entry e = live(key, nanos.getAsLong());
        return e == null || e.reply == null ? null : e.reply.clone();
    }

    /** Whether {@code key} is marked in progress and not expired. */
    public synchronized boolean inProgress(RequestKey key) {
        Entry e = live(key, nanos.getAsLong());
        return e != null && e.reply == null;
    }

    /** Remembers the encoded reply sent for {@code key}; its TTL starts now. */
    public synchronized void remember(RequestKey key, byte[] reply) {
        put(key, new Entry(nanos.getAsLong(), reply.clone()));
    }

    /** Forgets {@code key} (e.g. a request dropped without a reply, so a retransmission is processed anew). */
    public synchronized void forget(RequestKey key) {
        entries.remove(key);
    }

    /** Entries held (expired ones may still count until the next call that purges). */
    public synchronized int size() {
        return entries.size();
    }

    private Entry live(RequestKey key, long now) {
        purge(now);
        Entry e = entries.get(key);
        if (e != null && expired(e, now)) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    private void put(RequestKey key, Entry e) {
        purge(e.since);
        entries.remove(key); // re-insert at the tail: the map stays ordered by time
        entries.put(key, e);
        Iterator<Map.Entry<RequestKey, Entry>> it = entries.entrySet().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Drops expired entries from the head (the oldest). */
    private void purge(long now) {
        Iterator<Map.Entry<RequestKey, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (!expired(it.next().getValue(), now)) {
                break;
            }
            it.remove();
        }
    }

    private boolean expired(Entry e, long now) {
        return now - e.since >= ttlNanos;
    }
}
