package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.coord.ZkTesting.await;
import static org.secfunet.coord.ZkTesting.quietly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coordination while the ensemble loses its leader, then its quorum (each test on its own ensemble). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EnsembleFailoverIT {
    ZkTesting zk;

    @BeforeEach
    void ensemble() throws Exception {
        zk = new ZkTesting();
    }

    @AfterEach
    void down() throws Exception {
        zk.close();
    }

    @Test
    void killingTheLeaderKeepsOperationsWorking() throws Exception {
        GridCoordinator grid = zk.coordinator();
        grid.registry().registerSe(CoordinationIT.se("lead-se", "racs-a"));
        grid.bindings().bind("lead-vm", List.of("lead-se"), Set.of(), Set.of());
        long t1;
        try (SeLocks.Held h = grid.locks().acquire("lead-se", "hv", Duration.ofSeconds(5)).orElseThrow()) {
            t1 = h.token();
        }
        InstanceSpec leader = zk.leader();
        assertThat(leader).as("the ensemble has a leader").isNotNull();
        assertThat(zk.cluster.killServer(leader)).isTrue();

        long[] t2 = new long[1];
        await("a lock and a binding with the leader gone", Duration.ofSeconds(30), quietly(() -> {
            grid.bindings().bind("lead-vm2", List.of("lead-se2"), Set.of(), Set.of());
            try (SeLocks.Held h = grid.locks().acquire("lead-se", "hv", Duration.ofSeconds(2)).orElseThrow()) {
                t2[0] = h.token();
            }
            return true;
        }));
        assertThat(t2[0]).isGreaterThan(t1);
        assertThat(grid.registry().ses()).extracting(SeInfo::seid).contains("lead-se");
        assertThat(grid.bindings().get("lead-vm").seids()).containsExactly("lead-se");
        assertThat(grid.health()).isEqualTo(Health.CONNECTED);
    }

    @Test
    void losingTheQuorumRefusesNewSessionsAndItsReturnRecoversByItself() throws Exception {
        GridCoordinator grid = zk.coordinator();
        grid.registry().registerSe(CoordinationIT.se("q-se", "racs-a"));
        List<Health> seen = new CopyOnWriteArrayList<>();
        grid.addHealthListener(seen::add);
        grid.requireAvailable();

        List<InstanceSpec> stopped = new ArrayList<>(zk.cluster.getInstances()).subList(0, 2);
        for (InstanceSpec s : stopped) {
            assertThat(zk.cluster.killServer(s)).isTrue();
        }
        await("health leaves CONNECTED", Duration.ofSeconds(20), () -> grid.health() != Health.CONNECTED);
        assertThatThrownBy(grid::requireAvailable).isInstanceOf(CoordinationUnavailableException.class)
                .hasMessageStartingWith("ZooKeeper at " + zk.cluster.getConnectString()
                        + " is unreachable or has lost its quorum: new card sessions are refused until it returns (")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> grid.locks().acquire("q-se", "hv", Duration.ofSeconds(1)))
                .isInstanceOf(CoordinationUnavailableException.class);
        assertThat(seen).isNotEmpty().doesNotContain(Health.CONNECTED);
        assertThat(seen.get(0)).as("first SUSPENDED (the session may live on), LOST only after the session timeout").isEqualTo(Health.SUSPENDED);
        // a RACS server keeps publishing while ZooKeeper is away: kept and written when it returns
        grid.registry().updateHealth("q-se", SeHealth.failed("reader gone"));
        grid.registry().registerSe(CoordinationIT.se("q-se2", "racs-a"));

        for (InstanceSpec s : stopped) {
            assertThat(zk.cluster.restartServer(s)).isTrue();
        }
        await("CONNECTED again by itself", Duration.ofSeconds(40), () -> grid.health() == Health.CONNECTED);
        assertThat(seen).endsWith(Health.CONNECTED);
        grid.requireAvailable();
        await("the SEs registered again, with the health of the outage", Duration.ofSeconds(20),
                quietly(() -> grid.registry().ses().stream().anyMatch(s -> s.seid().equals("q-se") && !s.health().ok())
                        && grid.registry().ses().stream().anyMatch(s -> s.seid().equals("q-se2"))));
        try (SeLocks.Held h = grid.locks().acquire("q-se", "hv", Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(h.token()).isPositive();
        }
    }
}
