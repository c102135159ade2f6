package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.secfunet.service.SecretSpec;

/** The grid's gauges: their values, the bounded refresh (by the injected clock), a read that hangs or fails, and a real ZooKeeper. */
class GridMetricsTest {
    private static final String FP = "0f".repeat(32);

    private static GridSnapshot snapshot(int servers, int okSes, int failedSes, int locked) {
        List<ServerInfo> sv = new java.util.ArrayList<>();
        for (int i = 0; i < servers; i++) {
            sv.add(new ServerInfo("racs-" + i, "127.0.0.1:" + (7000 + i), FP));
        }
        List<GridSnapshot.SeStatus> ses = new java.util.ArrayList<>();
        for (int i = 0; i < okSes + failedSes; i++) {
            SeInfo se = new SeInfo("se" + i, "racs-0", "vcard", "", List.of(), i < okSes ? SeHealth.OK : SeHealth.failed("gone"));
            ses.add(new GridSnapshot.SeStatus(se, i < locked ? "hv-1" : null, i == 0 ? "vm-a" : null));
        }
        List<Binding> b = List.of(new Binding("vm-a", List.of("se0", "se9"), null, null));
        return new GridSnapshot(Instant.EPOCH, Health.CONNECTED, sv, ses, b);
    }

    private static double gauge(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).gauge().value();
    }

    @Test
    void countsFromTheSnapshotReadAtMostOncePerInterval() {
        TestClock clock = new TestClock();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<GridSnapshot> next = new AtomicReference<>(snapshot(2, 3, 1, 2));
        Supplier<GridSnapshot> source = () -> {
            calls.incrementAndGet();
            return next.get();
        };
        MeterRegistry r = new SimpleMeterRegistry();
        new GridMetrics(() -> Health.CONNECTED, source, clock, Duration.ofSeconds(10), Duration.ofSeconds(5)).bindTo(r);
        assertThat(gauge(r, "secfunet_grid_servers")).isEqualTo(2);
        assertThat(gauge(r, "secfunet_grid_ses", "health", "ok")).isEqualTo(3);
        assertThat(gauge(r, "secfunet_grid_ses", "health", "failed")).isEqualTo(1);
        assertThat(gauge(r, "secfunet_grid_ses_locked")).isEqualTo(2);
        assertThat(gauge(r, "secfunet_grid_bindings")).isEqualTo(1);
        assertThat(gauge(r, "secfunet_grid_bound_ses")).isEqualTo(2);
        assertThat(gauge(r, "secfunet_grid_zookeeper_health", "state", "connected")).isEqualTo(1);
        assertThat(gauge(r, "secfunet_grid_zookeeper_health", "state", "lost")).isZero();
        assertThat(gauge(r, "secfunet_grid_status_age_seconds")).isZero();
        assertThat(calls).hasValue(1);

        next.set(snapshot(1, 0, 0, 0));
        clock.advance(Duration.ofSeconds(9));
        assertThat(gauge(r, "secfunet_grid_servers")).isEqualTo(2);
        assertThat(gauge(r, "secfunet_grid_status_age_seconds")).isEqualTo(9);
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(gauge(r, "secfunet_grid_servers")).isEqualTo(1);
        assertThat(gauge(r, "secfunet_grid_ses", "health", "ok")).isZero();
        assertThat(calls).hasValue(2);
    }

    @Test
    void theRegistryKeepsTheGaugesWhenNobodyElseHoldsTheBinder() throws Exception {
        MeterRegistry r = new SimpleMeterRegistry();
        GridSnapshot s = snapshot(2, 1, 0, 0);
        java.lang.ref.WeakReference<GridMetrics> ref = bindUnheld(r, s);
        for (int i = 0; i < 5 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ref.get()).as("the registry holds the binder").isNotNull();
        assertThat(gauge(r, "secfunet_grid_servers")).isEqualTo(2);
    }

    private static java.lang.ref.WeakReference<GridMetrics> bindUnheld(MeterRegistry r, GridSnapshot s) {
        GridMetrics m = new GridMetrics(() -> Health.CONNECTED, () -> s, new TestClock(), Duration.ofSeconds(10), Duration.ofSeconds(5));
        m.bindTo(r);
        return new java.lang.ref.WeakReference<>(m);
    }

    @Test
    void theNamesAPrometheusScraperSees() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry r =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        new GridMetrics(() -> Health.SUSPENDED, () -> snapshot(1, 1, 1, 1), new TestClock(), Duration.ofSeconds(10), Duration.ofSeconds(5))
                .bindTo(r);
        assertThat(r.scrape()).contains("secfunet_grid_zookeeper_health{state=\"suspended\"} 1.0", "secfunet_grid_zookeeper_health{state=\"connected\"} 0.0",
                "secfunet_grid_servers 1.0", "secfunet_grid_ses{health=\"ok\"} 1.0", "secfunet_grid_ses{health=\"failed\"} 1.0",
                "secfunet_grid_ses_locked 1.0", "secfunet_grid_bindings 1.0", "secfunet_grid_bound_ses 2.0",
                "secfunet_grid_status_age_seconds 0.0", "secfunet_grid_status_read_failures_total 0.0");
    }

    @Test
    void aHangingReadNeverHoldsAScrapeAndAFailedOneShowsUnknown() throws Exception {
        TestClock clock = new TestClock();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<RuntimeException> fail = new AtomicReference<>();
        Supplier<GridSnapshot> source = () -> {
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test: never released");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (fail.get() != null) {
                throw fail.get();
            }
            return snapshot(1, 1, 0, 0);
        };
        AtomicReference<Health> health = new AtomicReference<>(Health.CONNECTED);
        MeterRegistry r = new SimpleMeterRegistry();
        GridMetrics m = new GridMetrics(health::get, source, clock, Duration.ofSeconds(10), Duration.ofMillis(50));
        m.bindTo(r);
        // the read hangs: the scrape answers anyway, with unknown counts, and starts no second read
        assertThat(gauge(r, "secfunet_grid_servers")).isNaN();
        assertThat(gauge(r, "secfunet_grid_status_age_seconds")).isNaN();
        clock.advance(Duration.ofSeconds(30));
        assertThat(gauge(r, "secfunet_grid_ses", "health", "ok")).isNaN();
        assertThat(release.getCount()).isEqualTo(1); // still hanging while the scrapes returned
        release.countDown();
        ZkTesting.await("the read to end", Duration.ofSeconds(10), () -> m.reads() == 1);
        assertThat(gauge(r, "secfunet_grid_servers")).isEqualTo(1); // what the read that hung found (or the next, due read: the same)
        ZkTesting.await("the due read", Duration.ofSeconds(10), () -> m.reads() == 2);

        fail.set(new CoordinationUnavailableException("ZooKeeper at x:1 is unreachable"));
        health.set(Health.SUSPENDED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(gauge(r, "secfunet_grid_zookeeper_health", "state", "suspended")).isEqualTo(1); // no read: the health needs none
        assertThat(m.reads()).isEqualTo(2);
        gauge(r, "secfunet_grid_bindings"); // starts the due read
        ZkTesting.await("the failed read", Duration.ofSeconds(10), () -> m.reads() == 3);
        assertThat(gauge(r, "secfunet_grid_servers")).isNaN();
        assertThat(r.get("secfunet_grid_status_read_failures").functionCounter().count()).isEqualTo(1);
        assertThat(gauge(r, "secfunet_grid_status_age_seconds")).isEqualTo(10); // since the last good read
    }

    @Test
    void aRealCoordinatorsView() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            CoordSettings s = new CoordSettings(zk.getConnectString(), "/metrics", ZkTesting.USER,
                    new SecretSpec("pass:" + ZkTesting.PASSWORD, Path.of(".")), ZkTesting.SESSION_MS, 3_000, 50, 500, 5);
            try (GridCoordinator c = new GridCoordinator(s, Clock.systemUTC())) {
                c.start();
                c.registry().registerServer(new ServerInfo("racs-a", "127.0.0.1:7777", FP));
                c.registry().registerSe(new SeInfo("se1", "racs-a", "vcard", "", List.of(), SeHealth.OK));
                c.registry().registerSe(new SeInfo("se2", "racs-a", "vcard", "", List.of(), SeHealth.failed("removed")));
                c.bindings().bind("vm-a", List.of("se1"), null, null);
                Optional<SeLocks.Held> held = c.locks().acquire("se1", "hv-1", Duration.ofSeconds(5));
                assertThat(held).isPresent();
                try (SeLocks.Held h = held.get()) {
                    assertThat(h.valid()).isTrue();
                    MeterRegistry r = new SimpleMeterRegistry();
                    new GridMetrics(c, Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(5)).bindTo(r);
                    assertThat(gauge(r, "secfunet_grid_zookeeper_health", "state", "connected")).isEqualTo(1);
                    assertThat(gauge(r, "secfunet_grid_servers")).isEqualTo(1);
                    assertThat(gauge(r, "secfunet_grid_ses", "health", "ok")).isEqualTo(1);
                    assertThat(gauge(r, "secfunet_grid_ses", "health", "failed")).isEqualTo(1);
                    assertThat(gauge(r, "secfunet_grid_ses_locked")).isEqualTo(1);
                    assertThat(gauge(r, "secfunet_grid_bindings")).isEqualTo(1);
                    assertThat(gauge(r, "secfunet_grid_bound_ses")).isEqualTo(1);
                }
            }
        }
    }
}
