package org.secfunet.grid.racs.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Idle RACS connections kept for the next card session to the same server, so a service that
 * opens a session per request (s_hypervisor) does not pay a TLS handshake each time. A connection
 * is given back only after its SE was shut down (so it holds no lock), is kept at most
 * {@code maxIdle} long and only {@code maxPerServer} per server; taking one never blocks. Since a
 * connection is reused before a new one is opened, the sessions open to a server never exceed the
 * most ever used at once. Connections are kept per server and per server certificate fingerprint
 * they were verified for ({@link #key}): one verified for a fingerprint (or for none, the CA only)
 * is never taken for a session expecting another. Started and closed by its owner.
 */
public final class RacsConnections implements AutoCloseable {
    private record Idle(RacsClient client, long since) {
    }

    private final int maxPerServer;
    private final long maxIdleNanos;
    private final LongSupplier nanos;
    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;

    public RacsConnections(int maxPerServer, long maxIdleMillis, LongSupplier nanos) {
        if (maxPerServer < 1 || maxIdleMillis < 1) {
            throw new IllegalArgumentException("a connection pool keeps at least one connection for at least 1 ms");
        }
        this.maxPerServer = maxPerServer;
        this.maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(maxIdleMillis);
        this.nanos = nanos;
    }

    /** The key of connections to {@code where} (host:port) verified for {@code certSha256} (null: none). */
    static String key(String where, String certSha256) {
        return certSha256 == null ? where : where + " sha256=" + certSha256;
    }

    /** The most recently returned live connection of {@code key} ({@link #key}), or null; expired ones are closed. */
    RacsClient take(String key) {
        List<RacsClient> stale = new ArrayList<>();
        RacsClient found = null;
        synchronized (this) {
            Deque<Idle> q = idle.get(key);
            long now = nanos.getAsLong();
            while (q != null && !q.isEmpty()) {
                Idle i = q.pollFirst(); // the most recent first: once one is too old, all behind it are
                if (found == null && now - i.since() <= maxIdleNanos) {
                    found = i.client();
                    break;
                }
                stale.add(i.client());
            }
            while (q != null && !q.isEmpty() && now - q.peekLast().since() > maxIdleNanos) {
                stale.add(q.pollLast().client()); // older ones behind the one taken
            }
        }
        stale.forEach(RacsClient::close); // outside the lock: closing sends a close_notify
        return found;
    }

    /** Keeps {@code client} for a later session, or closes it when the pool is full or closed. */
    void give(RacsClient client) {
        RacsClient evicted = client;
        synchronized (this) {
            if (!closed) {
                Deque<Idle> q = idle.computeIfAbsent(key(client.where(), client.certSha256()), k -> new ArrayDeque<>());
                if (q.size() < maxPerServer) {
                    q.addFirst(new Idle(client, nanos.getAsLong()));
                    evicted = null;
                }
            }
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    /** Closes every idle connection older than the limit (an owner calls it now and then, so quiet servers are let go). */
    public void sweep() {
        List<RacsClient> stale = new ArrayList<>();
        synchronized (this) {
            long now = nanos.getAsLong();
            for (Deque<Idle> q : idle.values()) {
                while (!q.isEmpty() && now - q.peekLast().since() > maxIdleNanos) {
                    stale.add(q.pollLast().client());
                }
            }
        }
        stale.forEach(RacsClient::close);
    }

    /** Idle connections held now (all servers). */
    public synchronized int idle() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public void close() {
        Deque<Idle> all = new ArrayDeque<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(i -> i.client().close());
    }
}
