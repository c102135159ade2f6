package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.TransportException;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.CoordTestHooks;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.SeLocks;
import org.secfunet.coord.ServerInfo;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.client.RacsAddress;
import org.secfunet.grid.racs.client.RacsCardSession;
import org.secfunet.grid.racs.client.StaleFencingTokenException;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.Readers;
import org.secfunet.service.SecretSpec;

/**
 * The RACS server on the grid's ZooKeeper (a 3-server in-JVM ensemble, 3 s sessions): it registers
 * itself and its SEs, unregisters on close, comes back after a session expiry, publishes a failing
 * card's health, seeds fencing floors from the grid at start, writes nothing secret, and serves
 * while ZooKeeper is unreachable.
 */
@Timeout(60)
class RacsGridIT {
    private static final String USER = "grid";
    private static final String PASSWORD = "s3cret-grid";
    private static final String ROOT = "/secfunet";
    private static final Duration WAIT = Duration.ofSeconds(15);
    static TestingCluster cluster;

    @TempDir
    Path dir;
    RacsTlsFiles tls;
    SSLContext hv;
    GridCoordinator reader;
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void ensemble() throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            specs.add(new InstanceSpec(null, InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(),
                    true, id, 250, 100, Map.of(), "127.0.0.1"));
        }
        cluster = new TestingCluster(specs);
        cluster.start();
    }

    @AfterAll
    static void stopEnsemble() throws Exception {
        cluster.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        tls = new RacsTlsFiles(dir);
        tls.client("hv");
        hv = tls.clientContext("hv");
        reader = new GridCoordinator(settings(cluster.getConnectString()), Clock.systemUTC());
        reader.start();
        opened.add(reader);
    }

    @AfterEach
    void tearDown() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    private static CoordSettings settings(String connect) {
        return new CoordSettings(connect, ROOT, USER, new SecretSpec("pass:" + PASSWORD, Path.of(".")), 3_000, 2_000, 50, 500, 10);
    }

    private static String zkTable(String connect, int connectionTimeoutMs) {
        return """
                [zookeeper]
                connect = "%s"
                user = "%s"
                password = "pass:%s"
                session_timeout_ms = 3000
                connection_timeout_ms = %d
                retry_base_ms = 50
                retry_max_ms = 500
                """.formatted(connect, USER, PASSWORD, connectionTimeoutMs);
    }

    /** A server config on a free loopback port: optional {@code name}, SEs se1 (allowlist of the test applet) and se2. */
    private RacsServerConfig config(String subdir, String name, String connect, int connectionTimeoutMs) throws Exception {
        Path d = dir.resolve(subdir);
        Files.createDirectories(d);
        for (String f : List.of("server.pem", "server.key", "ca.pem")) {
            if (!Files.exists(d.resolve(f))) {
                Files.copy(dir.resolve(f), d.resolve(f));
            }
        }
        String ses = RacsTestGrid.testSes(d, "se1", "se2").replaceFirst("reader = \"vcard:se1.sfn\"\n",
                "reader = \"vcard:se1.sfn\"\naids = [\"" + RacsTestGrid.TEST_AID + "\"]\n");
        String toml = (name == null ? "" : "name = \"" + name + "\"\n") + RacsTestGrid.serverToml("""
                [users]
                hv = ["se1", "se2"]
                """ + ses) + zkTable(connect, connectionTimeoutMs);
        Path file = d.resolve("racs.toml");
        Files.writeString(file, toml);
        return RacsServerConfig.load(file);
    }

    private RacsServer start(RacsServerConfig config, SeConnector connector) throws Exception {
        RacsServer s = new RacsServer(config, connector).start();
        opened.add(s);
        return s;
    }

    private static SeConnector cards() {
        return SeConnector.of(Readers.discover());
    }

    private Optional<SeInfo> se(String seid) {
        return reader.registry().ses().stream().filter(s -> s.seid().equals(seid)).findFirst();
    }

    private Optional<ServerInfo> server(String name) {
        return reader.registry().servers().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + WAIT.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private CuratorFramework raw() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(cluster.getConnectString()).sessionTimeoutMs(3_000)
                .connectionTimeoutMs(2_000).retryPolicy(new RetryNTimes(2, 100))
                .authorization("digest", (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)).build();
        c.start();
        opened.add(c);
        assertThat(c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return c;
    }

    @Test
    void theServerAndItsSesAppearWithTheirDataAndLeaveOnClose() throws Exception {
        RacsServer s = start(config("a", null, cluster.getConnectString(), 2_000), cards());
        String fingerprint = RacsServer.sha256Hex(PemTls.certificates(dir.resolve("server.pem")).get(0));
        await("the server registered", () -> server("localhost").isPresent());
        assertThat(server("localhost").orElseThrow()).as("named by its certificate's CN")
                .isEqualTo(new ServerInfo("localhost", "127.0.0.1:" + s.port(), fingerprint));
        await("its SEs registered", () -> se("se1").isPresent() && se("se2").isPresent());
        SeInfo se1 = se("se1").orElseThrow();
        assertThat(se1.server()).isEqualTo("localhost");
        assertThat(se1.kind()).isEqualTo("vcard");
        assertThat(se1.aids()).containsExactly(RacsTestGrid.TEST_AID);
        assertThat(se1.atrHex()).as("no ATR before a first power-on").isEmpty();
        assertThat(se1.health().ok()).isTrue();
        assertThat(se("se2").orElseThrow().aids()).isEmpty();

        byte[] atr;
        try (RacsCardSession c = RacsCardSession.open(new RacsAddress("127.0.0.1", s.port(), "se1"), hv)) {
            atr = c.atr();
        }
        String atrHex = org.secfunet.apdu.Hex.encode(atr).toUpperCase(java.util.Locale.ROOT);
        await("the ATR published after a power-on", () -> se("se1").orElseThrow().atrHex().equals(atrHex));

        CuratorFramework raw = raw();
        for (String p : List.of(ROOT + "/racs/localhost", ROOT + "/se/se1", ROOT + "/se/se2")) {
            String json = new String(raw.getData().forPath(p), StandardCharsets.UTF_8);
            String lower = json.toLowerCase(java.util.Locale.ROOT);
            assertThat(lower).as(p + ": nothing secret").doesNotContain("pin", "key", "password", "secret", "puk");
            assertThat(json).as(p + ": no file path of key material").doesNotContain(dir.toString(), ".sfn", ".pem", "vcard:", "/");
        }

        s.close();
        await("the registrations gone on close", () -> reader.registry().servers().isEmpty() && reader.registry().ses().isEmpty());
    }

    @Test
    void registrationsComeBackAfterTheSessionExpires() throws Exception {
        RacsServer s = start(config("b", "racs-b", cluster.getConnectString(), 2_000), cards());
        await("registered", () -> server("racs-b").isPresent() && se("se2").isPresent());
        CuratorFramework raw = raw();
        long before = raw.checkExists().forPath(ROOT + "/se/se2").getEphemeralOwner();
        CoordTestHooks.expireSession(s.grid().coordinator());
        await("re-registered by a new session", () -> {
            try {
                Stat st = raw.checkExists().forPath(ROOT + "/se/se2");
                Stat sv = raw.checkExists().forPath(ROOT + "/racs/racs-b");
                return st != null && sv != null && st.getEphemeralOwner() != before && sv.getEphemeralOwner() == st.getEphemeralOwner();
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(se("se2").orElseThrow().server()).isEqualTo("racs-b");
        try (RacsCardSession c = RacsCardSession.open(new RacsAddress("127.0.0.1", s.port(), "se2"), hv)) {
            assertThat(c.atr()).isNotEmpty();
        }
    }

    @Test
    void aFailingCardIsMarkedFailedWithAReasonAndRecovers() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        SeConnector real = cards();
        SeConnector flaky = address -> {
            if (broken.get()) {
                throw new TransportException("cannot open " + address + ": reader gone (" + dir.resolve("c/se1.sfn") + ")");
            }
            return real.connect(address);
        };
        RacsServer s = start(config("c", "racs-c", cluster.getConnectString(), 2_000), flaky);
        RacsAddress se1 = new RacsAddress("127.0.0.1", s.port(), "se1");
        await("registered", () -> se("se1").isPresent());
        broken.set(true);
        assertThatThrownBy(() -> RacsCardSession.open(se1, hv)).hasMessageContaining("hardware error");
        await("se1 failed", () -> !se("se1").orElseThrow().health().ok());
        String reason = se("se1").orElseThrow().health().reason();
        assertThat(reason).startsWith("hardware error on power-on: cannot open the reader: reader gone").doesNotContain("/", ".sfn")
                .doesNotContain("\n");
        assertThat(se("se2").orElseThrow().health().ok()).isTrue();
        broken.set(false);
        try (RacsCardSession c = RacsCardSession.open(se1, hv)) {
            assertThat(c.atr()).isNotEmpty();
        }
        await("se1 ok again", () -> se("se1").orElseThrow().health().ok());
    }

    @Test
    void aRestartedServerRefusesATokenBelowTheGridsFenceAtOnce() throws Exception {
        RacsServerConfig config = config("d", "racs-d", cluster.getConnectString(), 2_000);
        SeLocks locks = reader.locks();
        long old;
        try (SeLocks.Held h = locks.acquire("se1", "hv-1", Duration.ofSeconds(5)).orElseThrow()) {
            old = h.token();
        }
        RacsServer first = start(config, cards());
        RacsAddress at1 = new RacsAddress("127.0.0.1", first.port(), "se1");
        RacsCardSession.open(at1, hv, null, old).close();
        first.close();
        long current;
        try (SeLocks.Held h = locks.acquire("se1", "hv-2", Duration.ofSeconds(5)).orElseThrow()) {
            current = h.token(); // hv-2 holds the lock now, but has not reached the (restarting) server yet
        }
        assertThat(current).isGreaterThan(old);
        RacsServer second = start(config, cards());
        RacsAddress at2 = new RacsAddress("127.0.0.1", second.port(), "se1");
        assertThatThrownBy(() -> RacsCardSession.open(at2, hv, null, old)).as("the stale holder, first after the restart")
                .isInstanceOfSatisfying(StaleFencingTokenException.class, e -> {
                    assertThat(e.token()).isEqualTo(old);
                    assertThat(e.newest()).isEqualTo(current);
                });
        try (RacsCardSession c = RacsCardSession.open(at2, hv, null, current)) {
            assertThat(c.fencingToken()).isEqualTo(current);
        }
    }

    @Test
    void aSecondServerClaimingTheSameSeidsDoesNotStart() throws Exception {
        start(config("f", "racs-f", cluster.getConnectString(), 2_000), cards());
        await("registered", () -> se("se1").isPresent());
        RacsServerConfig other = config("g", "racs-g", cluster.getConnectString(), 2_000);
        assertThatThrownBy(() -> start(other, cards())).hasMessageStartingWith("SE se1 is already registered by another live process")
                .hasMessageNotContaining("\n");
        await("the refused server left no registration", () -> server("racs-g").isEmpty());
        assertThat(se("se1").orElseThrow().server()).isEqualTo("racs-f");
    }

    @Test
    void sessionsGoOnWhileTheEnsembleHasNoQuorumAndWhatChangedMeanwhileIsPublishedAfter() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        SeConnector real = cards();
        SeConnector flaky = address -> {
            if (broken.get()) {
                throw new TransportException("card removed");
            }
            return real.connect(address);
        };
        RacsServer s = start(config("h", "racs-h", cluster.getConnectString(), 2_000), flaky);
        RacsAddress se1 = new RacsAddress("127.0.0.1", s.port(), "se1");
        RacsAddress se2 = new RacsAddress("127.0.0.1", s.port(), "se2");
        await("registered", () -> se("se1").isPresent() && se("se2").isPresent());
        List<InstanceSpec> stopped = new ArrayList<>(cluster.getInstances()).subList(0, 2);
        try {
            for (InstanceSpec i : stopped) {
                assertThat(cluster.killServer(i)).isTrue();
            }
            await("the server's coordinator sees the loss", () -> s.grid().coordinator().health() != org.secfunet.coord.Health.CONNECTED);
            try (RacsCardSession c = RacsCardSession.open(se2, hv)) {
                assertThat(c.atr()).as("a session while ZooKeeper has no quorum").isNotEmpty();
            }
            broken.set(true);
            assertThatThrownBy(() -> RacsCardSession.open(se1, hv)).hasMessageContaining("hardware error");
        } finally {
            for (InstanceSpec i : stopped) {
                cluster.restartServer(i);
            }
        }
        await("the failure published once the quorum is back", () -> !se("se1").orElseThrow().health().ok()
                && !se("se2").orElseThrow().atrHex().isEmpty() && server("racs-h").isPresent());
        assertThat(se("se1").orElseThrow().health().reason()).isEqualTo("hardware error on power-on: card removed");
    }

    @Test
    void theServerServesWhileZooKeeperIsUnreachableAndRegistersWhenItComes() throws Exception {
        int port = InstanceSpec.getRandomPort();
        RacsServerConfig config = config("e", "racs-e", "127.0.0.1:" + port, 500);
        RacsServer s = start(config, cards());
        assertThat(s.grid().coordinator()).isNull();
        try (RacsCardSession c = RacsCardSession.open(new RacsAddress("127.0.0.1", s.port(), "se1"), hv)) {
            assertThat(c.atr()).isNotEmpty();
        }
        try (TestingServer zk = new TestingServer(port, true);
             GridCoordinator look = new GridCoordinator(settings(zk.getConnectString()), Clock.systemUTC())) {
            look.start();
            await("registered once ZooKeeper answers", () -> look.registry().servers().stream().anyMatch(v -> v.name().equals("racs-e"))
                    && look.registry().ses().size() == 2);
            assertThat(look.registry().ses().stream().filter(v -> v.seid().equals("se1")).findFirst().orElseThrow().atrHex())
                    .as("what it learnt meanwhile").isNotEmpty();
            s.close();
        }
    }
}
