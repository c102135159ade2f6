package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.secfunet.service.SecretSpec;

/**
 * The grid's coordination against a real, out-of-process ZooKeeper: Debian's zookeeperd, started
 * by bin/test on loopback with authentication enforced (SECFUNET_ZK_CONNECT; bin/lib/zookeeper.sh).
 * Skipped without it, unless SECFUNET_ZK_REQUIRED=1.
 */
class ZookeeperdIT {
    private static final String USER = "grid";
    private static final String PASSWORD = "zookeeperd-it-pw";

    private String connect;
    private String root;
    private GridCoordinator grid;
    private CuratorFramework outsider;

    @BeforeEach
    void setUp() {
        connect = System.getenv("SECFUNET_ZK_CONNECT");
        if (connect == null || connect.isBlank()) {
            if ("1".equals(System.getenv("SECFUNET_ZK_REQUIRED"))) {
                fail("SECFUNET_ZK_REQUIRED=1 but SECFUNET_ZK_CONNECT is not set");
            }
            Assumptions.abort("no zookeeperd (bin/test starts one and sets SECFUNET_ZK_CONNECT)");
        }
        root = "/secfunet-it-" + UUID.randomUUID().toString().substring(0, 8); // a fresh grid on every run
        grid = coordinator(PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (outsider != null) {
            outsider.close();
        }
        if (grid != null) {
            grid.close();
        }
    }

    private GridCoordinator coordinator(String password) {
        GridCoordinator c = new GridCoordinator(new CoordSettings(connect, root, USER, new SecretSpec("pass:" + password, Path.of(".")),
                4_000, 5_000, 100, 1_000, 5), Clock.systemUTC());
        c.start();
        return c;
    }

    private CuratorFramework raw(String userPass) throws InterruptedException {
        CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs(4_000).connectionTimeoutMs(5_000).retryPolicy(new RetryNTimes(1, 100));
        if (userPass != null) {
            b.authorization("digest", userPass.getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework c = b.build();
        c.start();
        c.blockUntilConnected(10, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void theGridRegistersBindsAndLocksOnARealZookeeperd() throws Exception {
        grid.registry().registerServer(new ServerInfo("racs-1", "127.0.0.1:7777", "ab".repeat(32)));
        grid.registry().registerSe(new SeInfo("se1", "racs-1", "vcard", "3B8180018080", List.of("F053454346554E455402"), SeHealth.OK));
        grid.bindings().bind("vm-1", List.of("se1"), Set.of("handoff"), Set.of());
        long first;
        try (SeLocks.Held held = grid.locks().acquire("se1", "hv-1", Duration.ofSeconds(5)).orElseThrow()) {
            first = held.token();
            assertThat(held.valid()).isTrue();
        }
        try (GridCoordinator other = coordinator(PASSWORD)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            GridSnapshot s = other.snapshot();
            while (s.ses().isEmpty() && System.nanoTime() < deadline) { // the registration is written in the background
                Thread.sleep(50);
                s = other.snapshot();
            }
            assertThat(s.servers()).extracting(ServerInfo::name).containsExactly("racs-1");
            assertThat(s.ses()).singleElement().satisfies(se -> assertThat(se.boundTo()).isEqualTo("vm-1"));
            try (SeLocks.Held again = other.locks().acquire("se1", "hv-2", Duration.ofSeconds(5)).orElseThrow()) {
                assertThat(again.token()).as("fencing tokens only grow").isGreaterThan(first);
            }
            grid.close(); // its ephemeral registrations go with its session
            grid = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!other.registry().ses().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(other.registry().ses()).isEmpty();
            assertThat(other.registry().servers()).isEmpty();
            assertThat(other.bindings().get("vm-1")).as("bindings are persistent").isNotNull();
        }
    }

    @Test
    void anUnauthenticatedClientIsRefusedByTheServer() throws Exception {
        outsider = raw(null);
        // zookeeperd enforces authentication (enforce.auth.enabled, scheme digest): no request of a client that did not authenticate succeeds
        // even "/", whose ACL lets anyone read it, is refused: the server, not only the grid's ACLs, turns the outsider away
        assertThatThrownBy(() -> outsider.getChildren().forPath("/")).isInstanceOf(KeeperException.class);
        try (CuratorFramework member = raw(USER + ":" + PASSWORD)) {
            assertThat(member.getChildren().forPath("/")).as("an authenticated client may").contains(root.substring(1));
        }
        assertThatThrownBy(() -> outsider.getChildren().forPath(root)).isInstanceOf(KeeperException.class);
        assertThatThrownBy(() -> outsider.create().forPath(root + "/se/intruder", new byte[0])).isInstanceOf(KeeperException.class);
        assertThat(grid.registry().ses()).isEmpty();
    }

    @Test
    void aClientWithoutTheGridsPasswordCanNeitherReadNorWrite() throws Exception {
        grid.bindings().bind("vm-1", List.of("se1"), Set.of("tunnel"), Set.of());
        outsider = raw(USER + ":not-the-password");
        assertThatThrownBy(() -> outsider.getData().forPath(root + "/binding/vm-1")).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> outsider.create().forPath(root + "/se/intruder", new byte[0])).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> outsider.setData().forPath(root + "/binding/vm-1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> coordinator("not-the-password")).hasMessageContaining("wrong grid password");
        assertThat(grid.bindings().get("vm-1").seids()).containsExactly("se1");
    }
}
