package org.secfunet.coord;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid as one coordinator sees it, as Prometheus gauges any service adds to its registry
 * ({@code new GridMetrics(coord, clock).bindTo(registry)}): the ZooKeeper health
 * ({@code secfunet_grid_zookeeper_health{state}}, 1 for the current state, read without I/O), and
 * from a {@link GridSnapshot} the live RACS servers, the SEs by health, the SEs locked, the VMs
 * bound and the SEs bound. The snapshot is read on a scrape when the last read began at least
 * {@code minInterval} ago (by the injected clock), on a thread of its own; a scrape waits for it
 * at most {@code maxWait} and otherwise shows the facts it has. The counts are NaN until a read
 * succeeded and after a read failed (ZooKeeper unavailable); {@code secfunet_grid_status_age_seconds}
 * says how old the counts are. The gauges hold this binder strongly (Micrometer's default is a weak
 * reference, which reads NaN once the binder is collected): a service need not keep it.
 */
public final class GridMetrics implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(GridMetrics.class);
    /** How often the snapshot is read at most, by default. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(10);
    /** How long a scrape waits for a snapshot being read, by default. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(250);

    private final Supplier<Health> health;
    private final Supplier<GridSnapshot> snapshots;
    private final Clock clock;
    private final Duration minInterval;
    private final long maxWaitNanos;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    private volatile Counts counts = Counts.UNKNOWN;
    private volatile Instant readAt;
    private Instant lastStart;
    private Read inFlight;

    /** The counts of one snapshot; {@link #UNKNOWN} when there is none to trust. */
    record Counts(double servers, double sesOk, double sesFailed, double sesLocked, double vms, double sesBound) {
        static final Counts UNKNOWN = new Counts(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        static Counts of(GridSnapshot s) {
            long ok = s.ses().stream().filter(x -> x.se().health().ok()).count();
            long locked = s.ses().stream().filter(x -> x.lockHolder() != null).count();
            long bound = s.bindings().stream().mapToLong(b -> b.seids().size()).sum();
            return new Counts(s.servers().size(), ok, s.ses().size() - ok, locked, s.bindings().size(), bound);
        }
    }

    /** A snapshot read in flight and until when scrapes wait for it (System.nanoTime). */
    private record Read(CompletableFuture<Void> done, long waitUntilNanos) {
    }

    /** Gauges of {@code coord}'s view, read at most every {@link #DEFAULT_MIN_INTERVAL}. */
    public GridMetrics(GridCoordinator coord, Clock clock) {
        this(coord, clock, DEFAULT_MIN_INTERVAL, DEFAULT_MAX_WAIT);
    }

    /** Gauges of {@code coord}'s view, read at most every {@code minInterval}, a scrape waiting at most {@code maxWait}. */
    public GridMetrics(GridCoordinator coord, Clock clock, Duration minInterval, Duration maxWait) {
        this(coord::health, coord::snapshot, clock, minInterval, maxWait);
    }

    /**
     * Gauges of the view {@code health} and {@code snapshots} give, for a service whose coordinator
     * comes later (a RACS server reaching ZooKeeper in the background): {@code snapshots} throws
     * while there is none.
     */
    public GridMetrics(Supplier<Health> health, Supplier<GridSnapshot> snapshots, Clock clock, Duration minInterval, Duration maxWait) {
        if (minInterval.isNegative() || maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("grid metrics: minInterval must be >= 0 and maxWait 0..10 s");
        }
        this.health = health;
        this.snapshots = snapshots;
        this.clock = clock;
        this.minInterval = minInterval;
        this.maxWaitNanos = maxWait.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Health h : Health.values()) {
            Gauge.builder("secfunet_grid_zookeeper_health", this, m -> m.health.get() == h ? 1 : 0)
                    .tag("state", h.name().toLowerCase(Locale.ROOT))
                    .description("This process's ZooKeeper session: 1 for the current state (connected, suspended, lost)")
                    .strongReference(true).register(registry);
        }
        Gauge.builder("secfunet_grid_servers", this, m -> m.current().servers()).description("Live RACS servers registered in ZooKeeper")
                .strongReference(true).register(registry);
        Gauge.builder("secfunet_grid_ses", this, m -> m.current().sesOk()).tag("health", "ok")
                .description("Registered SEs by health").strongReference(true).register(registry);
        Gauge.builder("secfunet_grid_ses", this, m -> m.current().sesFailed()).tag("health", "failed")
                .description("Registered SEs by health").strongReference(true).register(registry);
        Gauge.builder("secfunet_grid_ses_locked", this, m -> m.current().sesLocked()).description("Registered SEs whose lock is held")
                .strongReference(true).register(registry);
        Gauge.builder("secfunet_grid_bindings", this, m -> m.current().vms()).description("VMs with a binding")
                .strongReference(true).register(registry);
        Gauge.builder("secfunet_grid_bound_ses", this, m -> m.current().sesBound()).description("SEs bound to a VM")
                .strongReference(true).register(registry);
        Gauge.builder("secfunet_grid_status_age_seconds", this, GridMetrics::age).baseUnit("seconds")
                .description("Age of the counts: since the grid snapshot was last read (NaN before the first read)")
                .strongReference(true).register(registry);
        FunctionCounter.builder("secfunet_grid_status_read_failures", failures, AtomicLong::get)
                .description("Grid snapshot reads that failed (ZooKeeper unavailable or refusing)").register(registry);
    }

    /** The counts to show now, starting a read when one is due and waiting for it (bounded). */
    Counts current() {
        Read r;
        synchronized (this) {
            r = inFlight;
            Instant now = clock.instant();
            if (r == null && (lastStart == null || Duration.between(lastStart, now).compareTo(minInterval) >= 0)) {
                lastStart = now;
                r = new Read(new CompletableFuture<>(), System.nanoTime() + maxWaitNanos);
                inFlight = r;
                Read started = r;
                Thread.ofVirtual().name("grid-metrics-read").start(() -> read(started));
            }
        }
        if (r != null) {
            long left = r.waitUntilNanos() - System.nanoTime();
            try {
                if (left > 0) {
                    r.done().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // show what we have
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return counts;
    }

    private void read(Read r) {
        try {
            GridSnapshot s = snapshots.get();
            counts = Counts.of(s);
            readAt = clock.instant();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            counts = Counts.UNKNOWN;
            LOG.debug("grid metrics: cannot read the grid snapshot: {}", e.getMessage());
        } finally {
            reads.incrementAndGet();
            synchronized (this) {
                inFlight = null;
            }
            r.done().complete(null);
        }
    }

    private double age() {
        current();
        Instant at = readAt;
        return at == null ? Double.NaN : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }

    /** How many snapshot reads have ended (for tests). */
    long reads() {
        return reads.get();
    }
}
