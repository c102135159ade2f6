package org.secfunet.coord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
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
        try {
            lease = m.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (lease == null) {
                return Optional.empty();
            }
            session = coord.sessionId();
        } catch (Exception e) {
            throw coord.failure("lock", lp, e);
        }
        try {
            return Optional.of(new Held(seid, holder, lease, nextToken(seid), session));
        } catch (RuntimeException e) {
            release(lease, lp);
            throw e;
        }
    }

    /** Raises {@code /fence/<seid>} by one (created at 1) with versioned compare-and-set; the new value. */
    long nextToken(String seid) {
        String fp = coord.path(Znodes.FENCE, seid);
        for (int attempt = 1; attempt <= MAX_FENCE_ATTEMPTS; attempt++) {
            try {
                Stat st = new Stat();
                byte[] b = coord.client().getData().storingStatIn(st).forPath(fp);
                long next = parse(fp, b) + 1;
                coord.client().setData().withVersion(st.getVersion()).forPath(fp, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
                return next;
            } catch (KeeperException.NoNodeException e) {
                try {
                    coord.client().create().withMode(CreateMode.PERSISTENT).forPath(fp, "1".getBytes(StandardCharsets.US_ASCII));
                    return 1;
                } catch (KeeperException.NodeExistsException again) {
                    // created meanwhile: read it again
                } catch (Exception ce) {
                    throw coord.failure("create", fp, ce);
                }
            } catch (KeeperException.BadVersionException e) {
                // raised meanwhile (a holder whose lock had expired): read it again
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
        private volatile boolean closed;

        private Held(String seid, String holder, Lease mutex, long token, long session) {
            this.seid = seid;
            this.holder = holder;
            this.mutex = mutex;
            this.token = token;
            this.session = session;
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
    }
}
