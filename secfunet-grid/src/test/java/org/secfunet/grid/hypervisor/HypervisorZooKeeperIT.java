package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.Health;
import org.secfunet.coord.SeHealth;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.ServerInfo;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.client.ServerFingerprint;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.pcsc.CardDevice;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.service.HostPort;
import org.secfunet.service.SecretSpec;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/**
 * Two s_hypervisors on one ZooKeeper ensemble (curator-test, 3 servers in this JVM) sharing the
 * software cards of two RACS servers (fencing required) on loopback: SE locks with fencing tokens,
 * a session expired mid-handshake, the shared PIN budget, quorum loss and a leader's death.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HypervisorZooKeeperIT {
    static final String USER = "grid";
    static final String PASSWORD = "s3cret-grid";
    static final String PIN = "1234";

    @TempDir
    static Path dir;
    static TestingCluster cluster;
    static GridPki pki;
    static ThrowawayPki web;
    static EmbeddedTlsServer target;
    static final List<AutoCloseable> opened = new ArrayList<>();
    static GridCoordinator operator;
    static Hypervisor hv1;
    static Hypervisor hv2;
    /** Card sessions open now and at most at once, per SE (seen by the RACS servers' connectors). */
    static final Map<String, AtomicInteger> openNow = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> openMax = new ConcurrentHashMap<>();
    /** When set for an SE, the third APDU of its next session waits for the latch (at most 10 s), after counting down {@link #stalled}. */
    static final Map<String, CountDownLatch> stall = new ConcurrentHashMap<>();
    static volatile CountDownLatch stalled = new CountDownLatch(1);

    @BeforeAll
    static void grid() throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            specs.add(new InstanceSpec(null, InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(),
                    true, id, 250, 100, Map.of("4lw.commands.whitelist", "srvr"), "127.0.0.1"));
        }
        cluster = new TestingCluster(specs);
        cluster.start();
        pki = new GridPki(dir);
        web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        ThrowawayPki.Credential server = web.server("localhost");
        target = new EmbeddedTlsServer(server.key(), server.certificate(), web.ca().certificate());
        for (String seid : List.of("se1", "se2", "se3")) {
            ThrowawayPki.Credential c = web.client(seid + "@lab.local");
            EapCards.personalized(dir.resolve(seid + ".sfn"), "card " + seid, PIN.toCharArray(), "12345678".toCharArray(),
                    c.key(), c.certificate(), web.ca().certificate(), "web", seid + "@lab.local");
        }
        pki.issue("racs-server", true);
        pki.issue("hypervisor", true);
        pki.issue("hypervisor-racs", false);
        racs("racs-a", "se1", "se2");
        racs("racs-b", "se3");
        operator = coordinator();
        operator.bindings().bind("vm-1", List.of("se1"), Set.of(), Set.of());
        operator.bindings().bind("vm-2", List.of("se2"), Set.of(), Set.of());
        operator.bindings().bind("vm-3", List.of("se3"), Set.of("handoff"), Set.of());
        hv1 = hypervisor("hv-1");
        hv2 = hypervisor("hv-2");
    }

    @AfterAll
    static void down() throws Exception {
        for (Hypervisor h : new Hypervisor[] {hv1, hv2}) {
            if (h != null) {
                h.close();
            }
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        if (target != null) {
            target.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static GridCoordinator coordinator() {
        GridCoordinator c = new GridCoordinator(new CoordSettings(cluster.getConnectString(), "/secfunet", USER,
                new SecretSpec("pass:" + PASSWORD, Path.of(".")), 3_000, 2_000, 50, 500, 10), Clock.systemUTC());
        c.start();
        opened.add(c);
        return c;
    }

    /** A RACS server (fencing required) for {@code seids}, registered in ZooKeeper by a coordinator of its own. */
    static void racs(String name, String... seids) throws Exception {
        StringBuilder rc = new StringBuilder("""
                listen = "127.0.0.1:0"
                fencing = "required"
                [tls]
                cert = "racs-server.pem"
                key = "racs-server.key"
                client_ca = "grid-ca.pem"
                [users]
                "hypervisor-racs" = ["*"]
                """);
        for (String s : seids) {
            rc.append("[[se]]\nseid = \"").append(s).append("\"\nreader = \"vcard:").append(s).append(".sfn\"\n");
        }
        Path file = dir.resolve(name + ".toml");
        Files.writeString(file, rc.toString());
        RacsServer r = new RacsServer(RacsServerConfig.load(file), HypervisorZooKeeperIT::recorded).start();
        opened.add(r);
        GridCoordinator reg = coordinator();
        String sha = ServerFingerprint.sha256Hex(PemTls.certificates(dir.resolve("racs-server.pem")).get(0)); // what the server itself would register
        reg.registry().registerServer(new ServerInfo(name, "127.0.0.1:" + r.port(), sha));
        for (String s : seids) {
            reg.registry().registerSe(new SeInfo(s, name, "vcard", "", List.of(), SeHealth.OK));
        }
    }

    /** A RACS power-on of a test card, counted while open; one may be stalled at its third APDU ({@link #stall}). */
    static CardSession recorded(String address) {
        Path file = Path.of(address.substring("vcard:".length()));
        String seid = file.getFileName().toString().replace(".sfn", "");
        OpenCard open = VirtualCards.open(file);
        int now = openNow.computeIfAbsent(seid, k -> new AtomicInteger()).incrementAndGet();
        openMax.computeIfAbsent(seid, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        CountDownLatch hold = stall.remove(seid);
        CountDownLatch reached = stalled;
        CardDevice card = open.card();
        CardDevice device = hold == null ? card : new CardDevice() {
            private int n;

            @Override
            public byte[] atr() {
                return card.atr();
            }

            @Override
            public void powerOn() {
                card.powerOn();
            }

            @Override
            public void powerOff() {
                card.powerOff();
            }

            @Override
            public void reset() {
                card.reset();
            }

            @Override
            public byte[] transmit(byte[] command) {
                if (++n == 3) {
                    reached.countDown();
                    try {
                        hold.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return card.transmit(command);
            }

            @Override
            public String label() {
                return card.label();
            }
        };
        return new InProcessSession(device, address, () -> {
            openNow.get(seid).decrementAndGet();
            open.close();
        });
    }

    static Hypervisor hypervisor(String name) throws Exception {
        return hypervisor(name, 300);
    }

    static Hypervisor hypervisor(String name, long keepMillis) throws Exception {
        return hypervisor(name, keepMillis, 8_000);
    }

    static Hypervisor hypervisor(String name, long keepMillis, long waitMillis) throws Exception {
        Files.writeString(dir.resolve(name + ".toml"), """
                listen = "127.0.0.1:0"
                name = "%s"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [racs]
                cert = "hypervisor-racs.pem"
                key = "hypervisor-racs.key"
                ca = "grid-ca.pem"
                [zookeeper]
                connect = "%s"
                user = "%s"
                password = "pass:%s"
                session_timeout_ms = 3000
                connection_timeout_ms = 2000
                retry_base_ms = 50
                retry_max_ms = 500
                retry_count = 10
                [queue]
                wait_ms = %d
                [pin]
                max_failures = 2
                reserve = 0
                [limits]
                probe_ms = 100
                card_keep_ms = %d
                [[card]]
                id = "se1"
                pin = "pass:%s"
                [[card]]
                id = "se3"
                pin = "pass:%s"
                """.formatted(name, cluster.getConnectString(), USER, PASSWORD, waitMillis, keepMillis, PIN, PIN));
        Hypervisor h = new Hypervisor(HypervisorConfig.load(dir.resolve(name + ".toml"))).start();
        assertThat(h.name()).isEqualTo(name);
        return h;
    }

    static VmClient.Session request(Hypervisor h, String vm, char[] pin) throws Exception {
        return VmClient.connect(new HostPort("127.0.0.1", h.port()), vmContext(vm),
                VmRequest.parse("CONNECT 127.0.0.1:" + target.port() + " mode=handoff"), pin, 20_000);
    }

    static final Map<String, javax.net.ssl.SSLContext> vmContexts = new ConcurrentHashMap<>();

    /** A VM's TLS context, its certificate issued once (requests run in parallel). */
    static synchronized javax.net.ssl.SSLContext vmContext(String vm) throws Exception {
        javax.net.ssl.SSLContext c = vmContexts.get(vm);
        if (c == null) {
            c = pki.client(vm);
            vmContexts.put(vm, c);
        }
        return c;
    }

    static void served(Hypervisor h, String vm, String card) throws Exception {
        try (VmClient.Session s = request(h, vm, null)) {
            assertThat(s.card()).isEqualTo(card);
        }
    }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Serves {@code vm} on {@code h}, trying again (bounded by {@code max}) while the grid settles. */
    static void eventuallyServed(Hypervisor h, String vm, String card, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            try {
                served(h, vm, card);
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("vm " + vm + " not served within " + max.toMillis() + " ms: " + e.getMessage(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    static double metric(Hypervisor h, String line) {
        for (String l : h.metrics().scrape().split("\n")) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    @Order(1)
    void twoHypervisorsServingOneVmNeverDriveItsCardAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Hypervisor h = i % 2 == 0 ? hv1 : hv2;
                fs.add(pool.submit(() -> {
                    served(h, "vm-1", "se1");
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(openMax.get("se1").get()).as("card sessions of se1 at once, across both hypervisors").isEqualTo(1);
        assertThat(metric(hv1, "secfunet_hypervisor_stale_fencing_tokens_total") + metric(hv2, "secfunet_hypervisor_stale_fencing_tokens_total"))
                .isZero();
        assertThat(metric(hv1, "secfunet_hypervisor_zookeeper_health{state=\"connected\"}")).isEqualTo(1.0);
        await("kept sessions closed and their locks released", Duration.ofSeconds(10),
                () -> hv1.keptCardSessions() == 0 && hv2.keptCardSessions() == 0
                        && metric(hv1, "secfunet_hypervisor_se_locks_held") == 0 && metric(hv2, "secfunet_hypervisor_se_locks_held") == 0);
    }

    @Test
    @Order(2)
    void aVmIsRefusedWithoutBindingAndConfigRefusesVmTables() throws Exception {
        assertThatThrownBy(() -> request(hv1, "vm-unbound", null)).isInstanceOfSatisfying(VmRefusedException.class,
                e -> assertThat(e.reply().code()).isEqualTo("denied")).hasMessageContaining("has no binding in ZooKeeper");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, Files.readString(dir.resolve("hv-1.toml")) + "[[vm]]\nname = \"vm-1\"\ncards = [\"se1\"]\n");
        assertThatThrownBy(() -> HypervisorConfig.load(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secfunet grid import");
    }

    @Test
    @Order(3)
    void aWrongPinBurnedOnOneHypervisorCountsOnTheOther() throws Exception {
        assertThatThrownBy(() -> request(hv1, "vm-2", "9999".toCharArray())).isInstanceOfSatisfying(VmRefusedException.class,
                e -> assertThat(e.reply().code()).isEqualTo("pin")).hasMessageContaining("wrong PIN");
        assertThatThrownBy(() -> request(hv2, "vm-2", "9999".toCharArray())).isInstanceOfSatisfying(VmRefusedException.class,
                e -> assertThat(e.reply().code()).isEqualTo("pin")).hasMessageContaining("wrong PIN");
        assertThatThrownBy(() -> request(hv1, "vm-2", PIN.toCharArray())).isInstanceOfSatisfying(VmRefusedException.class,
                e -> assertThat(e.reply().code()).isEqualTo("pin-limit")).hasMessageContaining("too many wrong PINs from this VM; retry_after_ms=");
    }

    @Test
    @Order(4)
    void aHypervisorWhoseSessionExpiresMidHandshakeIsFencedOutAndTheOtherGetsTheCard() throws Exception {
        await("se1 free", Duration.ofSeconds(10), () -> hv1.keptCardSessions() == 0 && hv2.keptCardSessions() == 0);
        CountDownLatch release = new CountDownLatch(1);
        stalled = new CountDownLatch(1);
        stall.put("se1", release);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = pool.submit(() -> {
                served(hv1, "vm-1", "se1");
                return null;
            });
            assertThat(stalled.await(20, TimeUnit.SECONDS)).as("hv-1 is in the middle of its handshake").isTrue();
            org.secfunet.coord.CoordTestHooks.expireSession(hv1.coordinator());
            Thread second = Thread.ofVirtual().start(() -> {
                try {
                    await("hv-2 holds se1's lock", Duration.ofSeconds(20), () -> metric(hv2, "secfunet_hypervisor_se_locks_held") >= 1);
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    release.countDown();
                }
            });
            eventuallyServed(hv2, "vm-1", "se1", Duration.ofSeconds(25));
            second.join(25_000);
            assertThatThrownBy(() -> {
                try {
                    first.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause();
                }
            }).isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("card"))
                    .hasMessageContaining("lost the SE's grid lock").hasMessageContaining("fencing token");
            assertThat(metric(hv1, "secfunet_hypervisor_stale_fencing_tokens_total")).isEqualTo(1.0);
            await("hv-1 reconnected", Duration.ofSeconds(15), () -> hv1.coordinator().health() == Health.CONNECTED);
            await("hv-2's kept session closed", Duration.ofSeconds(10), () -> hv2.keptCardSessions() == 0);
            eventuallyServed(hv1, "vm-1", "se1", Duration.ofSeconds(15)); // the card is fine
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aKeptSessionWhoseLockWasLostIsClosedNotReused() throws Exception {
        await("se1 free", Duration.ofSeconds(10), () -> hv1.keptCardSessions() == 0 && hv2.keptCardSessions() == 0);
        Hypervisor hv3 = hypervisor("hv-3", 60_000);
        try {
            served(hv3, "vm-1", "se1");
            assertThat(hv3.keptCardSessions()).isOne();
            assertThat(metric(hv3, "secfunet_hypervisor_se_locks_held")).as("the kept session keeps its SE's lock").isEqualTo(1.0);
            assertThat(operator.snapshot().ses()).filteredOn(x -> x.se().seid().equals("se1")).singleElement()
                    .satisfies(x -> assertThat(x.lockHolder()).isEqualTo("hv-3"));
            org.secfunet.coord.CoordTestHooks.expireSession(hv3.coordinator());
            await("the kept session closed long before card_keep_ms", Duration.ofSeconds(15),
                    () -> hv3.keptCardSessions() == 0 && metric(hv3, "secfunet_hypervisor_se_locks_held") == 0);
            eventuallyServed(hv2, "vm-1", "se1", Duration.ofSeconds(15));
            await("hv-3 reconnected", Duration.ofSeconds(15), () -> hv3.coordinator().health() == Health.CONNECTED);
            await("se1 free", Duration.ofSeconds(10), () -> hv2.keptCardSessions() == 0);
            served(hv3, "vm-1", "se1");
            assertThat(metric(hv3, "secfunet_hypervisor_card_sessions_total{reused=\"true\"}")).as("never reused").isZero();
        } finally {
            hv3.close();
        }
        assertThat(hv3.keptCardSessions()).isZero();
    }

    @Test
    @Order(5)
    void aKeptSessionIsGivenUpWhenAnotherHypervisorWaitsForItsCard() throws Exception {
        await("se1 free", Duration.ofSeconds(10), () -> hv1.keptCardSessions() == 0 && hv2.keptCardSessions() == 0);
        Hypervisor hv5 = hypervisor("hv-5", 60_000);
        try {
            served(hv5, "vm-1", "se1");
            Thread.sleep(600); // several of hv-5's sweeps (probe_ms 100) with nobody waiting
            assertThat(hv5.keptCardSessions()).as("kept while nobody else wants se1").isOne();
            assertThat(metric(hv5, "secfunet_hypervisor_se_locks_held")).isEqualTo(1.0);
            // hv-2 waits at most 8 s (queue.wait_ms) for se1, which hv-5 would keep for 60 s
            served(hv2, "vm-1", "se1");
            assertThat(hv5.keptCardSessions()).as("hv-5 gave its kept session up for hv-2").isZero();
            assertThat(metric(hv5, "secfunet_hypervisor_se_locks_held")).isZero();
        } finally {
            hv5.close();
        }
    }

    @Test
    @Order(6)
    void aLockHeldElsewhereLongerThanTheWaitGivesBusyWithoutTouchingTheCard() throws Exception {
        await("se1 free", Duration.ofSeconds(10), () -> hv1.keptCardSessions() == 0 && hv2.keptCardSessions() == 0);
        Hypervisor hv4 = hypervisor("hv-4", 300, 300);
        try (org.secfunet.coord.SeLocks.Held other = operator.locks().acquire("se1", "someone-else", Duration.ofSeconds(10)).orElseThrow()) {
            assertThat(other.valid()).isTrue();
            assertThatThrownBy(() -> request(hv4, "vm-1", null)).isInstanceOfSatisfying(VmRefusedException.class,
                    e -> {
                        assertThat(e.busy()).isTrue();
                        assertThat(e.retryAfterMillis()).isPositive();
                    }).hasMessageContaining("waited 300 ms for its grid lock");
            assertThat(openNow.get("se1").get()).as("no card session opened").isZero();
            assertThat(metric(hv4, "secfunet_hypervisor_se_lock_waits_total")).isEqualTo(1.0);
            assertThat(metric(hv4, "secfunet_hypervisor_se_lock_timeouts_total")).isEqualTo(1.0);
        } finally {
            hv4.close();
        }
    }

    @Test
    @Order(7)
    void killingTheZooKeeperLeaderLeavesServiceRunning() throws Exception {
        served(hv1, "vm-3", "se3");
        InstanceSpec leader = leader();
        assertThat(leader).isNotNull();
        assertThat(cluster.killServer(leader)).isTrue();
        eventuallyServed(hv1, "vm-3", "se3", Duration.ofSeconds(20));
        eventuallyServed(hv2, "vm-3", "se3", Duration.ofSeconds(20));
        assertThat(cluster.restartServer(leader)).isTrue();
    }

    @Test
    @Order(8)
    void quorumLossRefusesNewSessionsCleanlyAndServiceComesBackByItself() throws Exception {
        List<InstanceSpec> all = new ArrayList<>(cluster.getInstances());
        List<InstanceSpec> killed = List.of(all.get(0), all.get(1));
        await("no kept session of se3", Duration.ofSeconds(10), () -> hv1.keptCardSessions() == 0 && hv2.keptCardSessions() == 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reached = new CountDownLatch(1);
        stalled = reached;
        stall.put("se3", release);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> holding = pool.submit(() -> {
            served(hv1, "vm-3", "se3");
            return null;
        });
        try {
            assertThat(reached.await(20, TimeUnit.SECONDS)).as("a handshake holds se3").isTrue();
            for (InstanceSpec s : killed) {
                cluster.killServer(s);
            }
            await("hv-1 sees ZooKeeper gone", Duration.ofSeconds(20), () -> hv1.coordinator().health() != Health.CONNECTED);
            release.countDown();
            holding.get(30, TimeUnit.SECONDS); // a handshake that holds its card finishes
            assertThatThrownBy(() -> request(hv1, "vm-3", null)).isInstanceOfSatisfying(VmRefusedException.class,
                    e -> assertThat(e.reply().code()).isEqualTo("coordination"))
                    .hasMessageContaining("new card sessions are refused until it returns");
            assertThat(metric(hv1, "secfunet_hypervisor_zookeeper_health{state=\"connected\"}")).isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
            for (InstanceSpec s : killed) {
                cluster.restartServer(s);
            }
        }
        await("hv-1 reconnected", Duration.ofSeconds(40), () -> hv1.coordinator().health() == Health.CONNECTED);
        eventuallyServed(hv1, "vm-3", "se3", Duration.ofSeconds(20));
    }

    /** The server now leading the ensemble, asked with the {@code srvr} four-letter word. */
    static InstanceSpec leader() throws Exception {
        for (InstanceSpec s : cluster.getInstances()) {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", s.getPort()), 1_000);
                sock.setSoTimeout(2_000);
                OutputStream out = sock.getOutputStream();
                out.write("srvr".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = sock.getInputStream();
                if (new String(in.readNBytes(4096), StandardCharsets.US_ASCII).contains("Mode: leader")) {
                    return s;
                }
            } catch (java.io.IOException e) {
                // down or not answering: not the leader
            }
        }
        return null;
    }
}
