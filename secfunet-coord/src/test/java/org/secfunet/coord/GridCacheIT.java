package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GridCache} follows bindings and registrations made by another coordinator (bounded waits:
 * the copy lags by a watch event), refuses an oversized payload in one line; the fencing counter
 * raised from the remembered version stays strictly increasing when another holder raised it
 * meanwhile; a lock released in the background is free at once for the same coordinator.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GridCacheIT {
    static ZkTesting zk;

    @BeforeAll
    static void ensemble() throws Exception {
        zk = new ZkTesting();
    }

    @AfterAll
    static void down() throws Exception {
        zk.close();
    }

    @Test
    void theCopyFollowsBindingsAndRegistrationsOfAnotherProcess() throws Exception {
        GridCoordinator operator = zk.coordinator();
        GridCoordinator racs = zk.coordinator();
        operator.bindings().bind("cache-vm-1", List.of("cache-se1"), Set.of(), Set.of());
        GridCoordinator hv = zk.coordinator();
        try (GridCache cache = hv.cache()) {
            // what existed before the start is there once start returns
            assertThat(cache.binding("cache-vm-1")).map(Binding::seids).contains(List.of("cache-se1"));
            assertThat(cache.binding("cache-vm-2")).isEmpty();

            operator.bindings().bind("cache-vm-2", List.of("cache-se2"), Set.of("handoff"), Set.of());
            await("the new binding", () -> cache.binding("cache-vm-2").isPresent());
            assertThat(cache.binding("cache-vm-2").get().modes()).containsExactly("handoff");

            operator.bindings().bind("cache-vm-2", List.of("cache-se2", "cache-se3"), Set.of(), Set.of());
            await("the changed binding", () -> cache.binding("cache-vm-2").get().seids().size() == 2);

            assertThat(operator.bindings().unbind("cache-vm-1")).isTrue();
            await("the binding removed", () -> cache.binding("cache-vm-1").isEmpty());

            racs.registry().registerServer(new ServerInfo("cache-racs", "127.0.0.1:4433", "ab".repeat(32)));
            racs.registry().registerSe(new SeInfo("cache-se2", "cache-racs", "vcard", "", List.of(), SeHealth.OK));
            await("the registrations", () -> cache.se("cache-se2").isPresent() && cache.server("cache-racs").isPresent());
            assertThat(cache.server("cache-racs").get().endpoint()).isEqualTo("127.0.0.1:4433");

            racs.registry().updateHealth("cache-se2", new SeHealth(false, "reader gone"));
            await("the health change", () -> !cache.se("cache-se2").get().health().ok());

            racs.registry().unregisterSe("cache-se2");
            racs.registry().unregisterServer("cache-racs");
            await("the registrations gone", () -> cache.se("cache-se2").isEmpty() && cache.server("cache-racs").isEmpty());
        }
    }

    @Test
    void anOversizedPayloadInTheCopyIsRefusedInOneLine() throws Exception {
        GridCoordinator hv = zk.coordinator();
        CuratorFramework raw = zk.raw(ZkTesting.USER + ":" + ZkTesting.PASSWORD);
        String p = "/secfunet/" + Znodes.BINDING + "/cache-big";
        raw.create().forPath(p, new byte[Znodes.MAX_PAYLOAD + 1]);
        try (GridCache cache = hv.cache()) {
            assertThatThrownBy(() -> cache.binding("cache-big")).isInstanceOf(CoordinationException.class)
                    .hasMessageContaining("more than the " + Znodes.MAX_PAYLOAD + "-byte cap").hasMessageNotContaining("\n");
        } finally {
            raw.delete().forPath(p);
        }
    }

    @Test
    void tokensStayIncreasingWhenAnotherHolderRaisedTheCounterAndABackgroundReleaseFreesTheLock() throws Exception {
        GridCoordinator a = zk.coordinator();
        GridCoordinator b = zk.coordinator();
        long last = 0;
        for (int i = 0; i < 4; i++) {
            for (GridCoordinator c : List.of(a, a, b)) { // a twice in a row: its remembered version is right; then b's raise makes it stale
                Optional<SeLocks.Held> h = c.locks().acquire("cache-fence", "holder", Duration.ofSeconds(10));
                assertThat(h).isPresent();
                assertThat(h.get().token()).isGreaterThan(last);
                last = h.get().token();
                assertThat(h.get().lockNanos()).isPositive();
                assertThat(h.get().tokenNanos()).isPositive();
                h.get().closeInBackground();
                if (c == a) {
                    // the same session's next acquire is applied after the release: free without waiting
                    Optional<SeLocks.Held> again = a.locks().acquire("cache-fence", "holder", Duration.ZERO);
                    assertThat(again).isPresent();
                    assertThat(again.get().token()).isGreaterThan(last);
                    last = again.get().token();
                    again.get().close();
                }
            }
        }
        assertThat(a.registry().fencingFloor("cache-fence")).isEqualTo(last);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
