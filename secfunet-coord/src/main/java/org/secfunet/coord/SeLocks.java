package org.secfunet.coord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lock per SE ({@code /lock/<seid>}, a Curator {@link InterProcessSemaphoreV2} of one lease
 * whose lease nodes, {@code /lock/<seid>/leases/...}, hold the holder's name) and its fencing counter ({@code /fence/<seid>}): whoever gets the lock raises
 * the counter by one with a versioned compare-and-set and presents the new value to the RACS server
 * as its fencing token. Tokens strictly increase per SE across all holders and restarts, so a RACS
 * server that refuses a token older than the newest it saw for that SE makes a stale holder (one
 * whose session expired during a pause) harmless.
 * <p>
 * A one-lease semaphore, not an {@code InterProcessMutex}: a mutex belongs to the thread that took
 * it, while a hypervisor keeps an SE's lock with a kept card session that later requests use and
 * a sweeper closes, each on its own thread. A lease may be returned by any thread; it is not
 * re-entrant (two requests of one process wait for each other as two processes do).
 */
public final class SeLocks {
    private static final Logger LOG = LoggerFactory.getLogger(SeLocks.class);
    /** How many compare-and-set rounds raising the fencing counter may take. */
    static final int MAX_FENCE_ATTEMPTS = 16;
    /** The child of {@code /lock/<seid>} holding the lease node of the holder (Curator's semaphore layout). */
    static final String LEASES = "leases";
    /** The longest holder name kept in a lock node. */
    static final int MAX_HOLDER = 128;

    private final GridCoordinator coord;
    /**
     * Per SE, the counter as this process last wrote it: its value, the znode's version after that
     * write and its creation zxid. The next raise tries a compare-and-set on that version first (one
     * round trip); when another holder raised it meanwhile the server refuses the version and the
     * counter is read again.
     */
    private final Map<String, Fence> fences = new ConcurrentHashMap<>();

    /** A fencing counter as this process last wrote it. */
    private record Fence(long value, int version, long czxid) {
    }

    SeLocks(GridCoordinator coord) {
        this.coord = coord;
    }

    /**
     * Takes {@code seid}'s lock for {@code holder} (a name shown in the status, e.g. the
     * hypervisor's), waiting at most {@code timeout}; empty when another holder kept it that long.
     * Refused at once ({@link CoordinationUnavailableException}) when ZooKeeper is not available.
     * The {@link Held} may be closed on any thread.
     */
    public Optional<Held> acquire(String seid, String holder, Duration timeout) {
        Znodes.checkId("SEID", seid);
        if (holder == null || holder.isEmpty() || holder.length() > MAX_HOLDER) {
            throw new IllegalArgumentException("a lock holder name must be 1-" + MAX_HOLDER + " characters");
        }
        coord.requireAvailable();
        String lp = coord.path(Znodes.LOCK, seid);
        byte[] name = holder.getBytes(StandardCharsets.UTF_8);
        InterProcessSemaphoreV2 m = new InterProcessSemaphoreV2(coord.client(), lp, 1);
        m.setNodeData(name);
        long session;
        Lease lease;
        long t0 = System.nanoTime();
        try {
            lease = m.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (lease == null) {
                return Optional.empty();
            }
            session = coord.sessionId();
        } catch (Exception e) {
            throw coord.failure("lock", lp, e);
        }
        long t1 = System.nanoTime();
        try {
            long token = nextToken(seid);
            return Optional.of(new Held(seid, holder, lease, token, session, t1 - t0, System.nanoTime() - t1));
        } catch (RuntimeException e) {
            release(lease, lp);
            throw e;
        }
    }

    /**
     * Raises {@code /fence/<seid>} by one (created at 1) with a versioned compare-and-set; the new
     * value. The first round assumes the counter is as this process last wrote it (no read); the
     * server's version check refuses that when anyone wrote it since, and the counter is read.
     */
    long nextToken(String seid) {
        String fp = coord.path(Znodes.FENCE, seid);
        Fence known = fences.get(seid);
        for (int attempt = 1; attempt <= MAX_FENCE_ATTEMPTS; attempt++) {
            try {
                long cur;
                int version;
                long czxid;
                if (known != null) {
                    cur = known.value();
                    version = known.version();
                    czxid = known.czxid();
                    known = null;
                } else {
                    Stat st = new Stat();
                    cur = parse(fp, coord.client().getData().storingStatIn(st).forPath(fp));
                    version = st.getVersion();
                    czxid = st.getCzxid();
                }
                long next = cur + 1;
                Stat after = coord.client().setData().withVersion(version).forPath(fp, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
                if (after.getCzxid() != czxid) {
                    // the counter was deleted and made again since (never do that): what it held is unknown, raise it from a read
                    LOG.warn("coordination: the fencing counter {} was re-created; raising it again from what it holds", fp);
                    fences.remove(seid);
                    continue;
                }
                fences.put(seid, new Fence(next, after.getVersion(), after.getCzxid()));
                return next;
            } catch (KeeperException.NoNodeException e) {
                try {
                    Stat made = new Stat();
                    coord.client().create().storingStatIn(made).withMode(CreateMode.PERSISTENT).forPath(fp, "1".getBytes(StandardCharsets.US_ASCII));
                    fences.put(seid, new Fence(1, made.getVersion(), made.getCzxid()));
                    return 1;
                } catch (KeeperException.NodeExistsException again) {
                    // created meanwhile: read it again
                } catch (Exception ce) {
                    throw coord.failure("create", fp, ce);
                }
            } catch (KeeperException.BadVersionException e) {
                // raised meanwhile (another holder, or one whose lock had expired): read it again
            } catch (Exception e) {
                throw coord.failure("raise", fp, e);
            }
        }
        throw new CoordinationException("cannot raise the fencing counter " + fp + ": changed under " + MAX_FENCE_ATTEMPTS
                + " attempts in a row; try again");
    }

    /** The counter {@code b} read from {@code fp}: a decimal number 0..2^63-2; one-line refusal otherwise. */
    static long parse(String fp, byte[] b) {
        if (b == null || b.length == 0 || b.length > 20) {
            throw new CoordinationException("the fencing counter " + fp + " does not hold a decimal number");
        }
        try {
            long v = Long.parseLong(new String(b, StandardCharsets.US_ASCII));
            if (v < 0 || v == Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CoordinationException("the fencing counter " + fp + " does not hold a valid decimal number");
        }
    }

    private static void release(Lease m, String lp) {
        try {
            m.close();
        } catch (Exception e) {
            // the session is gone or going: its lock node goes with it
            LOG.warn("coordination: cannot release the lock {} now ({}); it goes with the session", lp, e.toString());
        }
    }

    /**
     * A held SE lock and its fencing token. Close it (on any thread) when the card session
     * ends; if the ZooKeeper session expires meanwhile the lock is gone already, and the RACS server
     * refuses this token as soon as the next holder presents a larger one.
     */
    public final class Held implements AutoCloseable {
        private final String seid;
        private final String holder;
        private final Lease mutex;
        private final long token;
        private final long session;
        private final long lockNanos;
        private final long tokenNanos;
        private volatile boolean closed;

        private Held(String seid, String holder, Lease mutex, long token, long session, long lockNanos, long tokenNanos) {
            this.seid = seid;
            this.holder = holder;
            this.mutex = mutex;
            this.token = token;
            this.session = session;
            this.lockNanos = lockNanos;
            this.tokenNanos = tokenNanos;
        }

        /** How long taking the lease took (waiting for another holder included), for metrics. */
        public long lockNanos() {
            return lockNanos;
        }

        /** How long raising the fencing counter took, for metrics. */
        public long tokenNanos() {
            return tokenNanos;
        }

        public String seid() {
            return seid;
        }

        public String holder() {
            return holder;
        }

        /** The fencing token: larger than every token given before for this SE. */
        public long token() {
            return token;
        }

        /**
         * Whether the lock can still be trusted: not closed, connected, and still the session that
         * took it (after a session expiry the lock node is gone, even once reconnected).
         */
        public boolean valid() {
            return !closed && coord.health() == Health.CONNECTED && session != 0 && coord.sessionId() == session;
        }

        /** Releases the lock (once; later calls do nothing), on whatever thread. */
        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(mutex, coord.path(Znodes.LOCK, seid));
            }
        }

        /**
         * Releases the lock without waiting for ZooKeeper's answer (once; later calls and
         * {@link #close} do nothing): the lease node's delete is sent in the background, retried by
         * Curator across a connection loss (guaranteed delete). ZooKeeper applies one session's
         * requests in order, so this process's next acquire of the SE comes after the release;
         * another process sees the SE free once the delete is applied, a round trip later.
         */
        public synchronized void closeInBackground() {
            if (closed) {
                return;
            }
            closed = true;
            String lease = coord.path(Znodes.LOCK, seid) + "/" + LEASES + "/" + mutex.getNodeName();
            try {
                coord.client().delete().guaranteed().inBackground((c, e) -> {
                    if (e.getResultCode() != KeeperException.Code.OK.intValue() && e.getResultCode() != KeeperException.Code.NONODE.intValue()) {
                        LOG.warn("coordination: the release of {} answered {}; it goes with the session at the latest", lease,
                                KeeperException.Code.get(e.getResultCode()));
                    }
                }).forPath(lease);
            } catch (Exception e) {
                LOG.warn("coordination: cannot release the lock {} now ({}); it goes with the session", lease, e.toString());
            }
        }
    }
}
