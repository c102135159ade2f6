package org.secfunet.grid.hypervisor;

import org.secfunet.service.CardPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.secfunet.coord.Health;

/** What s_hypervisor counts, in Prometheus text format: handshakes, failures, queue time, card busy time. */
public final class HypervisorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private java.util.function.Supplier<Health> health;
    private java.util.function.IntSupplier locksHeld;

    public HypervisorMetrics(CardPool pool) {
        for (CardPool.State s : CardPool.State.values()) {
            Gauge.builder("secfunet_hypervisor_cards", pool, p -> p.counts().get(s)).tag("state", s.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Cards of the pool by state").register(registry);
        }
        Gauge.builder("secfunet_hypervisor_queue_waiting", pool, CardPool::waiting).description("Requests waiting for a card").register(registry);
    }

    public void handshake(String vm, String mode, String card, long queueNanos, long cardNanos) {
        Counter.builder("secfunet_hypervisor_handshakes").tag("vm", vm).tag("mode", mode).description("Completed card handshakes")
                .register(registry).increment();
        Timer.builder("secfunet_hypervisor_queue_time").tag("vm", vm).description("Time waiting for a free card").register(registry)
                .record(queueNanos, TimeUnit.NANOSECONDS);
        busy(card, cardNanos);
    }

    public void busy(String card, long cardNanos) {
        Timer.builder("secfunet_hypervisor_card_busy_time").tag("card", card).description("Time a card was held per request").register(registry)
                .record(cardNanos, TimeUnit.NANOSECONDS);
    }

    public void failure(String vm, String reason) {
        Counter.builder("secfunet_hypervisor_failures").tag("vm", vm).tag("reason", reason).description("Requests that failed, by reason")
                .register(registry).increment();
    }

    public void pinFailure(String vm) {
        Counter.builder("secfunet_hypervisor_pin_failures").tag("vm", vm).description("Wrong PINs presented for a VM").register(registry)
                .increment();
    }

    /** A handshake's card session: one kept verified from the previous handshake ({@code reused}), or opened for it. */
    public void cardSession(boolean reused) {
        Counter.builder("secfunet_hypervisor_card_sessions").tag("reused", Boolean.toString(reused))
                .description("Card sessions used for handshakes: reused while verified, or opened (POWERON, SELECT, VERIFY)").register(registry)
                .increment();
    }

    /**
     * The grid on ZooKeeper: its health as this hypervisor sees it (1 for the current state, 0 for
     * the others) and the SE locks this hypervisor holds now.
     */
    public void coordination(java.util.function.Supplier<Health> health, java.util.function.IntSupplier locksHeld) {
        // Micrometer holds a gauge's object weakly: these fields keep the suppliers alive
        this.health = health;
        this.locksHeld = locksHeld;
        for (Health h : Health.values()) {
            Gauge.builder("secfunet_hypervisor_zookeeper_health", health, x -> x.get() == h ? 1 : 0)
                    .tag("state", h.name().toLowerCase(java.util.Locale.ROOT))
                    .description("ZooKeeper health seen by this hypervisor: 1 for the current state").register(registry);
        }
        Gauge.builder("secfunet_hypervisor_se_locks_held", locksHeld, s -> s.getAsInt())
                .description("SE grid locks held by this hypervisor (handshakes and kept card sessions)").register(registry);
    }

    /** Adds {@code binder}'s meters (the grid's facts, {@link org.secfunet.coord.GridMetrics}) to this registry. */
    public void bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
        binder.bindTo(registry);
    }

    /** A request found every SE of its VM locked and waited for one. */
    public void lockWait() {
        Counter.builder("secfunet_hypervisor_se_lock_waits").description("Requests that waited for an SE's grid lock").register(registry).increment();
    }

    /** A request's wait for an SE lock ended without it (BUSY). */
    public void lockTimeout() {
        Counter.builder("secfunet_hypervisor_se_lock_timeouts").description("Requests refused BUSY after waiting queue.wait_ms for an SE lock")
                .register(registry).increment();
    }

    /** A RACS server refused this hypervisor's fencing token: its lock had been lost. */
    public void staleToken() {
        Counter.builder("secfunet_hypervisor_stale_fencing_tokens")
                .description("Card sessions refused by a RACS server for a stale fencing token (this hypervisor's lock was lost)")
                .register(registry).increment();
    }

    /** Coordination phases on a grid on ZooKeeper, as {@link #coordinationPhase} names them. */
    public static final java.util.List<String> COORDINATION_PHASES = java.util.List.of("binding", "registry", "lock", "token", "release");

    /**
     * Time spent in one coordination phase of a request on the grid on ZooKeeper: {@code binding}
     * (the VM's binding), {@code registry} (an SE's entry and its server's), {@code lock} (taking the
     * SE's grid lock), {@code token} (raising its fencing counter), {@code release} (releasing the lock).
     */
    public void coordinationPhase(String phase, long nanos) {
        Timer.builder("secfunet_hypervisor_coordination_time").tag("phase", phase)
                .description("Time in ZooKeeper coordination per phase (binding, registry, lock, token, release)").register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** How many times a coordination phase ran, and for how long in all. */
    public record PhaseTotal(long count, long nanos) {
    }

    /** The totals of a coordination phase so far (zero when it never ran). */
    public PhaseTotal coordinationTotal(String phase) {
        Timer t = registry.find("secfunet_hypervisor_coordination_time").tag("phase", phase).timer();
        return t == null ? new PhaseTotal(0, 0) : new PhaseTotal(t.count(), (long) t.totalTime(TimeUnit.NANOSECONDS));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
