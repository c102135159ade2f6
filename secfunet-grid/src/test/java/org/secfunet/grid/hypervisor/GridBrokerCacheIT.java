package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.service.HostPort;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/**
 * s_hypervisor on ZooKeeper reading bindings and SE locations from its {@code GridCache}: a VM
 * bound a moment ago is served at its next request (a refusal is decided again on synced reads),
 * an unbind stops it within a bounded time (the copy's watch event), a card moved to another VM
 * follows, and the coordination phases are timed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GridBrokerCacheIT {
    static final String PIN = "1234";

    @TempDir
    static Path dir;
    static TestingServer zk;
    static GridPki pki;
    static EmbeddedTlsServer target;
    static RacsServer racs;
    static GridCoordinator operator;
    static Hypervisor hv;

    @BeforeAll
    static void grid() throws Exception {
        zk = new TestingServer(true);
        String table = GridZkFixture.zookeeperTable(zk.getConnectString()) + "retry_count = 10\n";
        Files.writeString(dir.resolve("zk.toml"), table);
        pki = GridZkFixture.gridPki(dir);
        ThrowawayPki web = GridZkFixture.cards(dir, PIN, List.of("se1", "se2"));
        ThrowawayPki.Credential server = web.server("localhost");
        target = new EmbeddedTlsServer(server.key(), server.certificate(), web.ca().certificate());
        StringBuilder rc = new StringBuilder("""
                listen = "127.0.0.1:0"
                name = "racs-c"
                fencing = "required"
                """ + GridZkFixture.racsTlsAndUsers("hypervisor-racs"));
        StringBuilder hvToml = new StringBuilder(GridZkFixture.hypervisorToml("hv-c", "", zk.getConnectString()) + """
                [queue]
                wait_ms = 5000
                [limits]
                probe_ms = 100
                card_keep_ms = 0
                """);
        for (String seid : List.of("se1", "se2")) {
            rc.append("[[se]]\nseid = \"").append(seid).append("\"\nreader = \"vcard:").append(seid).append(".sfn\"\n");
        }
        rc.append(table);
        Files.writeString(dir.resolve("racs.toml"), rc.toString());
        racs = new RacsServer(RacsServerConfig.load(dir.resolve("racs.toml"))).start();
        for (String seid : List.of("se1", "se2")) {
            hvToml.append("[[card]]\nid = \"").append(seid).append("\"\npin = \"pass:").append(PIN).append("\"\n");
        }
        Files.writeString(dir.resolve("hv.toml"), hvToml.toString());
        operator = new GridCoordinator(CoordSettings.load(dir.resolve("zk.toml")), Clock.systemUTC());
        operator.start();
        hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start();
    }

    @AfterAll
    static void down() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {hv, racs, operator, target, zk}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    static VmClient.Session request(String vm) throws Exception {
        return VmClient.connect(new HostPort("127.0.0.1", hv.port()), pki.client(vm),
                VmRequest.parse("CONNECT 127.0.0.1:" + target.port() + " mode=handoff"), null, 20_000);
    }

    @Test
    void aNewBindingServesAtOnceAnUnbindStopsWithinBoundedTimeAndAMovedCardFollows() throws Exception {
        // bound a moment ago: the copy may not have it yet, the synced read does
        operator.bindings().bind("vm-c1", List.of("se1"), Set.of(), Set.of());
        try (VmClient.Session s = request("vm-c1")) {
            assertThat(s.card()).isEqualTo("se1");
        }
        try (VmClient.Session s = request("vm-c1")) {
            assertThat(s.card()).isEqualTo("se1");
        }

        assertThat(operator.bindings().unbind("vm-c1")).isTrue();
        String refused = refusedWithin("vm-c1", Duration.ofSeconds(5));
        assertThat(refused).contains("denied").contains("has no binding in ZooKeeper");

        // the card goes to another VM: that VM is served with it, the first stays refused
        operator.bindings().bind("vm-c2", List.of("se1", "se2"), Set.of(), Set.of());
        try (VmClient.Session s = request("vm-c2")) {
            assertThat(s.card()).isIn("se1", "se2");
        }
        assertThat(refusedWithin("vm-c1", Duration.ofSeconds(1))).contains("denied");

        for (String phase : HypervisorMetrics.COORDINATION_PHASES) {
            assertThat(hv.metrics().coordinationTotal(phase).count()).as(phase).isPositive();
        }
        assertThat(hv.metrics().scrape()).contains("secfunet_hypervisor_coordination_time_seconds_count{phase=\"lock\"}");
    }

    /** The ERR line once {@code vm} is refused, trying (each a whole request) until {@code max} has passed. */
    static String refusedWithin(String vm, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            try (VmClient.Session s = request(vm)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("vm " + vm + " was still served with card " + s.card() + " after " + max.toMillis() + " ms");
                }
            } catch (VmRefusedException e) {
                return e.reply().line();
            }
            Thread.sleep(20);
        }
    }
}
