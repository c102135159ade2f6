package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secfunet.coord.ZkTesting.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridAdmin;
import org.secfunet.coord.GridStatus;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.ServerInfo;
import org.secfunet.coord.Health;
import org.secfunet.coord.SeLocks;
import org.secfunet.coord.ZkTesting;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.hypervisor.GridPki;
import org.secfunet.grid.hypervisor.GridZkFixture;
import org.secfunet.grid.hypervisor.RecordingSeConnector;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.racs.client.RacsReaderProvider;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.Readers;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.lab.WpaEapolTest;
import org.secfunet.radius.server.RadiusServer;
import org.secfunet.radius.server.RadiusServerConfig;

/**
 * Two radius_servers in ZooKeeper mode (curator-test's TestingServer) sharing a pool of two
 * server-role software cards behind a RACS server that requires fencing tokens, authenticated by
 * wpa_supplicant's eapol_test (EAP-TLS) against both at once: every authentication succeeds with
 * matching MPPE keys, no SE ever has two sessions, a stale token is refused, one radius_server
 * closing lets the other go on, and ZooKeeper's loss refuses new conversations until it returns.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RadiusZooKeeperIT {
    static final String POOL = "wifi";

    @TempDir
    static Path dir;
    static TestingServer zk;
    static RadiusLab lab;
    static GridPki pki;
    static Readers readers;
    static GridCoordinator operator;
    static RadiusServer a;
    /** The coordinator that registered the RACS server, and that registration (as the server would write it). */
    static GridCoordinator registrar;
    static ServerInfo registered;
    static RadiusServer b;
    static final List<AutoCloseable> opened = new ArrayList<>();
    /** Card sessions open now and at most at once, per SE, as the RACS server's connector sees them. */
    static final Map<String, String> seOfFile = Map.of("server-card-1.sfn", "rse1", "server-card-2.sfn", "rse2");
    static final RecordingSeConnector cards = new RecordingSeConnector(file -> seOfFile.get(file.getFileName().toString()));
    static final Map<String, AtomicInteger> openMax = cards.openMax;

    @BeforeAll
    static void grid() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/eapol_test")), "eapol_test is not installed (run bin/test)");
        zk = new TestingServer(true);
        lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 2, Duration.ofDays(1));
        pki = new GridPki(dir);
        pki.issue("racs-server", true);
        readers = new Readers(List.of(new RacsReaderProvider(pki.client("radius-racs"))));
        operator = coordinator();
        racs();
        operator.radiusPools().add(POOL, "rse1");
        operator.radiusPools().add(POOL, "rse2");
        a = radius("radius-a");
        b = radius("radius-b");
    }

    @AfterAll
    static void down() throws Exception {
        for (RadiusServer r : new RadiusServer[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
        GridZkFixture.closeAll(opened);
        if (zk != null) {
            zk.close();
        }
    }

    static CoordSettings settings() {
        return ZkTesting.settings(zk.getConnectString(), ZkTesting.PASSWORD);
    }

    static GridCoordinator coordinator() {
        GridCoordinator c = new GridCoordinator(settings(), Clock.systemUTC());
        c.start();
        opened.add(c);
        return c;
    }

    /** The RACS server of both cards (fencing required), registered in ZooKeeper by a coordinator of its own. */
    static void racs() throws Exception {
        Path file = dir.resolve("racs.toml");
        Files.writeString(file, """
                listen = "127.0.0.1:0"
                fencing = "required"
                """ + GridZkFixture.racsTlsAndUsers("radius-racs") + """
                [[se]]
                seid = "rse1"
                reader = "vcard:server-card-1.sfn"
                [[se]]
                seid = "rse2"
                reader = "vcard:server-card-2.sfn"
                """);
        RacsServer r = new RacsServer(RacsServerConfig.load(file), cards.connector("racs-a")).start();
        opened.add(r);
        registrar = coordinator();
        registered = GridZkFixture.register(registrar, "racs-a", r.port(), dir, List.of("rse1", "rse2"));
    }

    static RadiusServer radius(String name) throws Exception {
        Path f = dir.resolve(name + ".toml");
        Files.writeString(f, """
                listen = "127.0.0.1:0"
                name = "%s"
                [[client]]
                address = "127.0.0.1"
                secret = "pass:%s"
                """.formatted(name, RadiusLab.SECRET) + GridZkFixture.zookeeperTable(zk.getConnectString()) + """
                retry_count = 3
                [pool]
                name = "%s"
                pin = "pass:%s"
                identity = "radius"
                [limits]
                conversation_timeout_seconds = 30
                card_wait_ms = 15000
                max_cards_per_station = 16
                """.formatted(POOL, RadiusLab.PIN));
        RadiusServer r = new RadiusServer(RadiusServerConfig.load(f), readers, System::nanoTime).start();
        return r;
    }

    static WpaEapolTest.Run eapol(RadiusServer server, String name, int timeoutSeconds) throws Exception {
        return WpaEapolTest.run(dir, name, server.port(), RadiusLab.SECRET, RadiusLab.PEER_IDENTITY, lab.clientFiles[0], lab.clientFiles[1],
                lab.pki.caPem, false, timeoutSeconds);
    }

    static void assertAuthenticated(WpaEapolTest.Run run) {
        assertThat(run.success()).as(tail(run.output())).isTrue();
        assertThat(run.mppeOk()).as("MPPE keys (the card's MSK) match eapol_test's").isTrue();
    }

    @Test
    @Order(1)
    void bothRadiusServersAuthenticateAtOnceAndNoSeHasTwoSessions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<WpaEapolTest.Run>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RadiusServer s = i % 2 == 0 ? a : b;
                String name = "both-" + i;
                runs.add(pool.submit(() -> eapol(s, name, 25)));
            }
            for (Future<WpaEapolTest.Run> f : runs) {
                assertAuthenticated(f.get(40, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.stats().accepts.get() + b.stats().accepts.get()).isEqualTo(6);
        assertThat(a.stats().accepts.get()).isEqualTo(3);
        assertThat(openMax).containsKeys("rse1", "rse2");
        openMax.forEach((se, max) -> assertThat(max.get()).as("sessions at once on " + se).isEqualTo(1));
        String scrape = b.metrics().scrape();
        assertThat(scrape).contains("secfunet_grid_zookeeper_health{state=\"connected\"} 1.0").contains("secfunet_radius_grid_lock_waits_total");
        try (GridAdmin admin = GridAdmin.open(settings(), Clock.systemUTC())) {
            GridStatus st = admin.status();
            assertThat(st.pools()).extracting(GridStatus.Pool::name).containsExactly(POOL);
            assertThat(st.pools().get(0).ses()).extracting(GridStatus.PoolSe::seid).containsExactly("rse1", "rse2");
            assertThat(st.json()).contains("\"pools\"").contains("\"registered\" : true");
            assertThat(st.text()).contains("Radius pools: 1");
        }
    }

    @Test
    @Order(2)
    void aTokenOlderThanTheNewestIsRefused() throws Exception {
        SeLocks locks = operator.locks();
        long old;
        try (SeLocks.Held first = locks.acquire("rse1", "test-old", Duration.ofSeconds(10)).orElseThrow()) {
            old = first.token();
        }
        String at = "racs://" + operator.registry().server("racs-a").orElseThrow().endpoint() + "/rse1";
        try (SeLocks.Held second = locks.acquire("rse1", "test-new", Duration.ofSeconds(10)).orElseThrow()) {
            assertThat(second.token()).isGreaterThan(old);
            try (CardSession s = readers.connect(at, ConnectOptions.DEFAULT.fencedWith(second.token()))) {
                assertThat(s).isNotNull();
            }
            assertThatThrownBy(() -> readers.connect(at, ConnectOptions.DEFAULT.fencedWith(old)).close())
                    .isInstanceOf(ReaderException.class).hasMessageContaining("fencing token " + old + " < " + second.token());
        }
        assertThatThrownBy(() -> Readers.discover().connect("vcard:" + dir.resolve("server-card-1.sfn"), ConnectOptions.DEFAULT.fencedWith(5)))
                .isInstanceOf(ReaderException.class).hasMessageContaining("cannot check a fencing token");
    }

    @Test
    @Order(3)
    void closingOneRadiusServerMidRunLetsTheOtherContinue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<WpaEapolTest.Run>> onA = new ArrayList<>();
            List<Future<WpaEapolTest.Run>> onB = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String na = "close-a-" + i;
                String nb = "close-b-" + i;
                onA.add(pool.submit(() -> eapol(a, na, 10)));
                onB.add(pool.submit(() -> eapol(b, nb, 25)));
            }
            Thread.sleep(300);
            a.close();
            a = null;
            for (Future<WpaEapolTest.Run> f : onB) {
                assertAuthenticated(f.get(40, TimeUnit.SECONDS));
            }
            for (Future<WpaEapolTest.Run> f : onA) {
                f.get(40, TimeUnit.SECONDS); // may or may not have finished before the close
            }
        } finally {
            pool.shutdownNow();
        }
        assertAuthenticated(eapol(b, "after-close", 25));
        openMax.forEach((se, max) -> assertThat(max.get()).as("sessions at once on " + se).isEqualTo(1));
    }

    @Test
    @Order(4)
    void zooKeeperLostRefusesNewConversationsCleanlyAndRecovers() throws Exception {
        zk.stop();
        await("radius-b sees ZooKeeper away", Duration.ofSeconds(15), () -> b.coordinator().health() != Health.CONNECTED);
        long rejects = b.stats().rejects.get();
        WpaEapolTest.Run refused = eapol(b, "refused", 10);
        assertThat(refused.success()).isFalse();
        assertThat(b.stats().rejects.get()).isGreaterThan(rejects);
        assertThat(b.metrics().scrape()).contains("secfunet_radius_grid_refused_total{reason=\"zookeeper_unavailable\"} 1.0");
        zk.restart();
        await("radius-b reconnected", Duration.ofSeconds(20), () -> b.coordinator().health() == Health.CONNECTED);
        await("the SEs registered again", Duration.ofSeconds(20), () -> quietly(() -> b.coordinator().registry().se("rse1").isPresent()
                && b.coordinator().registry().se("rse2").isPresent()));
        assertAuthenticated(eapol(b, "recovered", 25));
        openMax.forEach((se, max) -> assertThat(max.get()).as("sessions at once on " + se).isEqualTo(1));
    }

    @Test
    @Order(5)
    void aRacsServerWhoseCertificateIsNotTheRegisteredOneIsRefusedUntilTheRegistrationIsRight() throws Exception {
        // after the last test's ZooKeeper restart the registrar re-registers its server: let that land before overwriting it
        await("the registrar reconnected", Duration.ofSeconds(20), () -> registrar.health() == Health.CONNECTED);
        await("radius-b sees the registered server", Duration.ofSeconds(20),
                () -> quietly(() -> b.coordinator().registry().server(registered.name()).equals(java.util.Optional.of(registered))));
        ServerInfo wrong = new ServerInfo(registered.name(), registered.endpoint(), "0f".repeat(32));
        registrar.registry().registerServer(wrong);
        await("radius-b sees the wrong fingerprint", Duration.ofSeconds(20),
                () -> quietly(() -> b.coordinator().registry().server(registered.name()).equals(java.util.Optional.of(wrong))));
        try {
            long rejects = b.stats().rejects.get();
            assertThat(eapol(b, "impostor", 10).success()).as("the server at the endpoint is not the one registered").isFalse();
            assertThat(b.stats().rejects.get()).isGreaterThan(rejects);
        } finally {
            registrar.registry().registerServer(registered);
        }
        assertAuthenticated(eapol(b, "registered", 25));
    }

    static boolean quietly(BooleanSupplier c) {
        try {
            return c.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
