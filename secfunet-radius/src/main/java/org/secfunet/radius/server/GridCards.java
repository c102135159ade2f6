package org.secfunet.radius.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.PinLedger;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.SeLocks;
import org.secfunet.coord.ServerInfo;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.ServerCertificateMismatchException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-role cards of a pool shared through ZooKeeper ({@code /pool/<pool>/<seid>}): for each
 * conversation an SE of the pool is chosen (in turn, first one free now, else waiting at most
 * {@code limits.card_wait_ms} for one), its grid lock taken as this radius_server's name
 * ({@link SeLocks}, one lease), and the card opened at {@code racs://<endpoint of its server>/<seid>}
 * presenting the lock's fencing token ({@link ConnectOptions#fencedWith}), on a connection whose
 * server presented the certificate it registered ({@link ConnectOptions#expectingServerCertificate}). The lock is released
 * when the conversation ends. The PIN comes from this server's configuration; the SE's wrong PINs
 * are counted in the shared {@link PinLedger} (key {@value #PIN_KEY_PREFIX}{@code <seid>}), and a
 * refused PIN takes the SE out of this instance's pool until its PIN source gives another PIN
 * ({@link PoolPins}): a refused PIN is never presented again by itself.
 */
final class GridCards implements CardSource {
    private static final Logger LOG = LoggerFactory.getLogger(GridCards.class);
    /** How an SE's wrong-PIN budget is named in the PIN ledger ({@code /pin/<name>}). */
    static final String PIN_KEY_PREFIX = "radius-se:";
    /** How long a reserved PIN try is held when its radius_server dies before settling it. */
    static final long PIN_TRY_LEASE_MILLIS = 10_000;

    private final RadiusServerConfig.Grid grid;
    private final GridCoordinator coord;
    private final Readers readers;
    private final GridCardStats stats;
    private final LongSupplier nanos;
    private final AtomicInteger rotation = new AtomicInteger();
    /** The PIN step and the SEs held out of this instance's pool for their PIN (made on first use: it needs ZooKeeper). */
    private volatile PoolPins pins;

    GridCards(RadiusServerConfig.Grid grid, GridCoordinator coord, Readers readers, GridCardStats stats, LongSupplier nanos) {
        this.grid = grid;
        this.coord = coord;
        this.readers = readers;
        this.stats = stats;
        this.nanos = nanos;
    }

    /** The SEs out of this instance's pool, with why. */
    Map<String, String> out() {
        PoolPins p = pins;
        return p == null ? Map.of() : p.out();
    }

    @Override
    public Taken take(long waitMillis) throws InterruptedException {
        coord.requireAvailable();
        long end = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        List<String> order = new ArrayList<>(coord.radiusPools().members(grid.pool()));
        if (order.isEmpty()) {
            throw new Unavailable("pool " + grid.pool() + " has no SE in ZooKeeper (an operator adds them with `secfunet grid pool add "
                    + grid.pool() + " SEID`)");
        }
        java.util.Collections.rotate(order, -Math.floorMod(rotation.getAndIncrement(), order.size()));
        List<String> reasons = new ArrayList<>();
        List<Target> busy = new ArrayList<>();
        for (String id : order) {
            Target t = target(id, reasons);
            if (t != null) {
                Taken got = claim(t, Duration.ZERO);
                if (got != null) {
                    return got;
                }
                busy.add(t);
            }
        }
        if (busy.isEmpty()) {
            throw new Unavailable("no card of pool " + grid.pool() + " is in service: " + String.join("; ", reasons));
        }
        stats.lockWaits.incrementAndGet();
        long left = TimeUnit.NANOSECONDS.toMillis(end - nanos.getAsLong());
        if (left > 0) {
            Taken got = claim(busy.get(Math.floorMod(rotation.get(), busy.size())), Duration.ofMillis(left));
            if (got != null) {
                return got;
            }
        }
        stats.lockTimeouts.incrementAndGet();
        throw new Busy("every card of pool " + grid.pool() + " is in use (waited " + waitMillis + " ms for a grid lock)");
    }

    /** An SE of the pool, its RACS server's name, where it is and the SHA-256 fingerprint of the certificate it registered. */
    private record Target(String seid, String server, String endpoint, String certSha256) {
    }

    /** Where {@code id} is served, or null (a reason added) when it is not in service. */
    private Target target(String id, List<String> reasons) {
        PoolPins p = pins;
        String why = p == null ? null : p.heldOut(id, grid.card(id).pin());
        if (why != null) {
            reasons.add("SE " + id + " is out of this radius_server's pool (" + why + ")");
            return null;
        }
        Optional<SeInfo> se = coord.registry().se(id);
        if (se.isEmpty()) {
            reasons.add("SE " + id + " is not registered (its RACS server is down or does not serve it)");
            return null;
        }
        if (!se.get().health().ok()) {
            reasons.add("SE " + id + " is out of service (" + se.get().health().reason() + ")");
            return null;
        }
        Optional<ServerInfo> srv = coord.registry().server(se.get().server());
        if (srv.isEmpty()) {
            reasons.add("SE " + id + ": its RACS server " + se.get().server() + " is not registered");
            return null;
        }
        return new Target(id, srv.get().name(), srv.get().endpoint(), srv.get().certSha256());
    }

    /** {@code t}'s lock within {@code timeout} and its card opened with the lock's token; null when another holder kept the lock that long. */
    private Taken claim(Target t, Duration timeout) {
        Optional<SeLocks.Held> lock = coord.locks().acquire(t.seid(), grid.name(), timeout);
        if (lock.isEmpty()) {
            return null;
        }
        SeLocks.Held held = lock.get();
        EapSmartcard card;
        try {
            ReaderAddress at = ReaderAddress.parse("racs://" + t.endpoint() + "/" + t.seid());
            card = new EapSmartcard(readers.connect(at, ConnectOptions.DEFAULT.fencedWith(held.token()).expectingServerCertificate(t.certSha256())),
                    Tracer.OFF);
        } catch (ServerCertificateMismatchException e) {
            release(held);
            String why = e.notRegistered(t.server());
            LOG.warn("SE {} of pool {} cannot be opened: {}", t.seid(), grid.pool(), why);
            throw new Failed("card " + t.seid() + ": " + why);
        } catch (RuntimeException e) {
            release(held);
            stats.countStale(e);
            LOG.warn("SE {} of pool {} cannot be opened: {}", t.seid(), grid.pool(), e.getMessage());
            throw new Failed("card " + t.seid() + " failed: " + e.getMessage());
        }
        RadiusServerConfig.PoolCard cfg = grid.card(t.seid());
        return new Taken(new Lease(held), card, sc -> pins().present(t.seid(), cfg.pin(), sc), cfg.identity());
    }

    /** The PIN step: {@link PoolPins#present}, within the SE's shared wrong-PIN budget in the PIN ledger. */
    private PoolPins pins() {
        PoolPins p = pins;
        if (p == null) {
            synchronized (this) {
                p = pins;
                if (p == null) {
                    PinLedger l = coord.pinLedger(grid.pinMaxFailures(), grid.pinWindowSeconds(), PIN_TRY_LEASE_MILLIS);
                    p = new PoolPins(grid.pool(), new LedgerBudget(l), grid.pinMaxFailures(), grid.pinWindowSeconds(), stats, nanos);
                    pins = p;
                }
            }
        }
        return p;
    }

    /** Reads the PIN source of every SE held out for its PIN again, when due (called by radius_server's probe timer). */
    void recheckPins() {
        PoolPins p = pins;
        if (p != null) {
            try {
                p.recheck(seid -> grid.card(seid).pin());
            } catch (RuntimeException e) {
                LOG.warn("cannot check the PIN sources of the SEs held out of pool {}: {}", grid.pool(), e.getMessage());
            }
        }
    }

    /** The SEs' budgets in the PIN ledger, under {@value #PIN_KEY_PREFIX}{@code <seid>}. */
    private record LedgerBudget(PinLedger ledger) implements PoolPins.Budget {
        @Override
        public PoolPins.Budget.Try reserve(String seid) {
            Optional<PinLedger.Try> t = ledger.reserve(PIN_KEY_PREFIX + seid);
            if (t.isEmpty()) {
                return null;
            }
            PinLedger.Try held = t.get();
            return new PoolPins.Budget.Try() {
                @Override
                public void failed() {
                    held.failed();
                }

                @Override
                public void close() {
                    held.close();
                }
            };
        }

        @Override
        public long blockedForMillis(String seid) {
            return ledger.blockedForMillis(PIN_KEY_PREFIX + seid);
        }
    }

    /**
     * Releases {@code lock}; one no longer valid (ZooKeeper away, or its session gone) is released on
     * a thread of its own, so Curator's bounded retries do not hold up the conversation's answer.
     */
    private static void release(SeLocks.Held lock) {
        if (lock.valid()) {
            closeLock(lock);
        } else {
            Thread.ofVirtual().name("secfunet-radius-unlock").start(() -> closeLock(lock));
        }
    }

    private static void closeLock(SeLocks.Held lock) {
        try {
            lock.close();
        } catch (RuntimeException e) {
            LOG.warn("cannot release the grid lock of SE {}: {}", lock.seid(), e.getMessage());
        }
    }

    /** A conversation's hold on an SE: its grid lock, released once. */
    private final class Lease implements CardLease {
        private final SeLocks.Held lock;

        Lease(SeLocks.Held lock) {
            this.lock = lock;
        }

        @Override
        public String cardId() {
            return lock.seid();
        }

        @Override
        public void close() {
            release(lock);
        }

        @Override
        public void fail(RuntimeException failure) {
            stats.countStale(failure);
            release(lock);
        }
    }
}
