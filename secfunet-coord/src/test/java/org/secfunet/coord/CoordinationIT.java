package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.coord.ZkTesting.await;
import static org.secfunet.coord.ZkTesting.quietly;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coordination against a real 3-server ensemble (curator-test), shared by the tests of this class. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinationIT {
    static ZkTesting zk;

    @BeforeAll
    static void ensemble() throws Exception {
        zk = new ZkTesting();
    }

    @AfterAll
    static void down() throws Exception {
        zk.close();
    }

    static SeInfo se(String seid, String server) {
        return new SeInfo(seid, server, "vcard", "3B8F8001", List.of("F053454346554E4554"), SeHealth.OK);
    }

    @Test
    void registrationAppearsVanishesOnCloseAndComesBackAfterSessionExpiry() throws Exception {
        GridCoordinator racs = zk.coordinator();
        GridCoordinator observer = zk.coordinator();
        racs.registry().registerServer(new ServerInfo("racs-a", "127.0.0.1:7777", "ab".repeat(32)));
        racs.registry().registerSe(se("reg-se1", "racs-a"));
        await("SE registered", Duration.ofSeconds(5), () -> observer.registry().ses().stream().anyMatch(s -> s.seid().equals("reg-se1")));
        assertThat(observer.registry().servers()).extracting(ServerInfo::endpoint).contains("127.0.0.1:7777");

        racs.registry().updateHealth("reg-se1", SeHealth.failed("card removed"));
        await("health published", Duration.ofSeconds(5), () -> observer.registry().ses().stream()
                .anyMatch(s -> s.seid().equals("reg-se1") && !s.health().ok() && s.health().reason().equals("card removed")));

        String p = "/secfunet/se/reg-se1";
        observer.sync(p);
        long before = observer.client().checkExists().forPath(p).getEphemeralOwner();
        racs.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        await("SE re-registered under a new session", Duration.ofSeconds(15), quietly(() -> {
            try {
                Stat st = observer.client().checkExists().forPath(p);
                return st != null && st.getEphemeralOwner() != before;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(observer.registry().ses()).filteredOn(s -> s.seid().equals("reg-se1")).singleElement()
                .satisfies(s -> assertThat(s.health().reason()).isEqualTo("card removed"));

        racs.close();
        await("registrations gone with the session", Duration.ofSeconds(5), () -> observer.registry().ses().stream()
                .noneMatch(s -> s.seid().equals("reg-se1")) && observer.registry().servers().stream().noneMatch(s -> s.name().equals("racs-a")));
    }

    @Test
    void aSecondLiveProcessCannotRegisterTheSameSeid() {
        GridCoordinator a = zk.coordinator();
        GridCoordinator b = zk.coordinator();
        a.registry().registerSe(se("dup-se", "racs-a"));
        assertThatThrownBy(() -> b.registry().registerSe(se("dup-se", "racs-b")))
                .isInstanceOf(CoordinationException.class).hasMessageContaining("SE dup-se is already registered by another live process");
    }

    @Test
    void withoutTheGridCredentialsNothingCanBeReadCreatedOrLocked() throws Exception {
        GridCoordinator grid = zk.coordinator();
        grid.bindings().bind("acl-vm", List.of("acl-se"), Set.of("tunnel"), Set.of());
        List<ACL> acl = grid.client().getACL().forPath("/secfunet/binding/acl-vm");
        assertThat(acl).singleElement().satisfies(a -> {
            assertThat(a.getId().getScheme()).isEqualTo("digest");
            assertThat(a.getId().getId()).startsWith(ZkTesting.USER + ":").doesNotContain(ZkTesting.PASSWORD);
        });
        assertThat(grid.client().getACL().forPath("/secfunet")).singleElement().satisfies(a -> assertThat(a.getId().getScheme()).isEqualTo("digest"));

        for (CuratorFramework outsider : List.of(zk.raw(null), zk.raw(ZkTesting.USER + ":wrong"))) {
            assertThatThrownBy(() -> outsider.getData().forPath("/secfunet/binding/acl-vm")).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> outsider.getChildren().forPath("/secfunet/binding")).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> outsider.create().forPath("/secfunet/se/evil", "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> outsider.setData().forPath("/secfunet/binding/acl-vm", "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            InterProcessMutex m = new InterProcessMutex(outsider, "/secfunet/lock/acl-se");
            assertThatThrownBy(() -> m.acquire(2, TimeUnit.SECONDS)).isInstanceOf(KeeperException.NoAuthException.class);
        }
        GridCoordinator wrong = new GridCoordinator(zk.settings("wrong"), java.time.Clock.systemUTC());
        try {
            assertThatThrownBy(wrong::start).isInstanceOf(CoordinationException.class)
                    .hasMessageContaining("ZooKeeper refused to create /secfunet/racs to user grid: wrong grid password")
                    .hasMessageNotContaining("wrong\"");
        } finally {
            wrong.close();
        }
    }

    @Test
    void aRootOpenToTheWorldIsRefused() throws Exception {
        CuratorFramework outsider = zk.raw(null);
        outsider.create().creatingParentsIfNeeded().forPath("/openroot/racs");
        CoordSettings s = zk.settings(ZkTesting.PASSWORD);
        GridCoordinator c = new GridCoordinator(new CoordSettings(s.connect(), "/openroot", s.user(), s.password(),
                s.sessionTimeoutMillis(), s.connectionTimeoutMillis(), s.retryBaseMillis(), s.retryMaxMillis(), s.retryCount()),
                java.time.Clock.systemUTC());
        try {
            assertThatThrownBy(c::start).isInstanceOf(CoordinationException.class)
                    .hasMessage("the znode /openroot is open to world:anyone (not made by the grid): restrict it to the grid user with setAcl, or remove it and start again");
        } finally {
            c.close();
        }
    }

    @Test
    void fencingTokensIncreaseAcrossHoldersAndAnExpiredHoldersLockGoesToTheOther() throws Exception {
        GridCoordinator a = zk.coordinator();
        GridCoordinator b = zk.coordinator();
        long t1;
        try (SeLocks.Held h = a.locks().acquire("fence-se", "hv-a", Duration.ofSeconds(5)).orElseThrow()) {
            t1 = h.token();
            assertThat(b.locks().acquire("fence-se", "hv-b", Duration.ofMillis(200))).isEmpty();
            assertThat(GridSnapshot.holder(b, "fence-se")).isEqualTo("hv-a");
        }
        SeLocks.Held hb = b.locks().acquire("fence-se", "hv-b", Duration.ofSeconds(5)).orElseThrow();
        long t2 = hb.token();
        assertThat(t2).isGreaterThan(t1);
        assertThat(hb.valid()).isTrue();

        b.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        Optional<SeLocks.Held> ha = Optional.empty();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (ha.isEmpty() && System.nanoTime() < end) {
            ha = a.locks().acquire("fence-se", "hv-a", Duration.ofSeconds(2));
        }
        assertThat(ha).as("the lock of the expired session is given to the other holder").isPresent();
        await("b reconnected with a new session", Duration.ofSeconds(10), () -> b.health() == Health.CONNECTED);
        assertThat(hb.valid()).as("a lock of an expired session is not valid, even once reconnected").isFalse();
        assertThat(ha.get().valid()).isTrue();
        assertThat(ha.get().token()).isGreaterThan(t2);
        ha.get().close();
        hb.close(); // its session is gone: nothing to release, no exception
        assertThat(new String(a.client().getData().forPath("/secfunet/fence/fence-se"), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(ha.get().token()));
    }

    @Test
    void aLockIsContendedExactlyWhileAnotherHolderWaitsForIt() throws Exception {
        GridCoordinator a = zk.coordinator();
        GridCoordinator b = zk.coordinator();
        assertThat(a.locks().contended("wait-se")).as("never taken").isFalse();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SeLocks.Held h = a.locks().acquire("wait-se", "hv-a", Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(a.locks().contended("wait-se")).as("held, nobody waiting").isFalse();
            Future<Optional<SeLocks.Held>> waiter = pool.submit(() -> b.locks().acquire("wait-se", "hv-b", Duration.ofSeconds(20)));
            await("b waiting is seen", Duration.ofSeconds(10), () -> a.locks().contended("wait-se"));
            h.close();
            try (SeLocks.Held hb = waiter.get(20, TimeUnit.SECONDS).orElseThrow()) {
                assertThat(hb.token()).isGreaterThan(h.token());
                assertThat(b.locks().contended("wait-se")).as("b holds it, nobody waiting").isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
        await("free", Duration.ofSeconds(5), () -> !a.locks().contended("wait-se"));
    }

    @Test
    void fencingTokensAreUniqueAndIncreasingUnderConcurrentHolders() throws Exception {
        GridCoordinator a = zk.coordinator();
        GridCoordinator b = zk.coordinator();
        List<Long> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                GridCoordinator c = i % 2 == 0 ? a : b;
                String name = "hv-" + i;
                fs.add(pool.submit(() -> {
                    for (int k = 0; k < 5; k++) {
                        try (SeLocks.Held h = c.locks().acquire("conc-se", name, Duration.ofSeconds(10)).orElseThrow()) {
                            tokens.add(h.token());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(40, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokens).hasSize(20).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void oneSeServesOneVmEvenWhenTwoOperatorsBindAtOnce() throws Exception {
        GridCoordinator a = zk.coordinator();
        GridCoordinator b = zk.coordinator();
        a.bindings().bind("vm-1", List.of("bind-se1", "bind-se2"), Set.of(), Set.of("api.example:443"));
        assertThatThrownBy(() -> b.bindings().bind("vm-2", List.of("bind-se3", "bind-se2"), Set.of(), Set.of()))
                .isInstanceOf(CoordinationException.class)
                .hasMessage("SE bind-se2 is already bound to vm vm-1 (a card serves one VM): unbind it there first");
        assertThat(b.bindings().get("vm-2")).isNull();
        a.sync("/secfunet/owner");
        assertThat(a.client().checkExists().forPath("/secfunet/owner/bind-se3")).as("nothing of the refused transaction").isNull();
        // re-binding moves cards: the freed one can go to another VM
        a.bindings().bind("vm-1", List.of("bind-se1"), Set.of("handoff"), Set.of());
        b.bindings().bind("vm-2", List.of("bind-se2"), Set.of(), Set.of());
        assertThat(a.bindings().unbind("vm-1")).isTrue();
        assertThat(a.bindings().unbind("vm-1")).isFalse();
        b.bindings().bind("vm-3", List.of("bind-se1"), Set.of(), Set.of());
        assertThat(a.bindings().list()).extracting(Binding::vm).contains("vm-2", "vm-3").doesNotContain("vm-1");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String seid = "race-se" + round;
                String vmA = "race-a" + round;
                String vmB = "race-b" + round;
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> x = pool.submit(() -> tryBind(a, vmA, seid, go));
                Future<Boolean> y = pool.submit(() -> tryBind(b, vmB, seid, go));
                go.countDown();
                boolean wonA = x.get(20, TimeUnit.SECONDS);
                boolean wonB = y.get(20, TimeUnit.SECONDS);
                assertThat(wonA ^ wonB).as("exactly one VM gets " + seid).isTrue();
                a.sync("/secfunet/owner/" + seid);
                String owner = new String(a.client().getData().forPath("/secfunet/owner/" + seid), StandardCharsets.UTF_8);
                assertThat(owner).isEqualTo(wonA ? vmA : vmB);
                assertThat(a.bindings().list().stream().filter(bi -> bi.seids().contains(seid)).count()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void importTakesTheHypervisorTomlsBindingsAndRefusesACardOfAnotherVm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        GridCoordinator grid = zk.coordinator();
        java.nio.file.Path f = dir.resolve("hypervisor.toml");
        java.nio.file.Files.writeString(f, HypervisorTomlTest.HEAD
                + "[[card]]\nid = \"a1\"\nreader = \"racs://grid:7777/imp-se1\"\npin = \"pass:1234\"\n"
                + "[[card]]\nid = \"a2\"\nreader = \"racs://grid:7777/imp-se2\"\n"
                + "[[vm]]\nname = \"imp-vm1\"\ncards = [\"a1\"]\n[[vm]]\nname = \"imp-vm2\"\ncards = [\"a2\"]\nmodes = [\"handoff\"]\n");
        assertThat(grid.bindings().importToml(f)).extracting(Binding::vm).containsExactly("imp-vm1", "imp-vm2");
        assertThat(grid.bindings().get("imp-vm2").modes()).containsExactly("handoff");
        for (String n : grid.client().getChildren().forPath("/secfunet/binding")) {
            assertThat(new String(grid.client().getData().forPath("/secfunet/binding/" + n), StandardCharsets.UTF_8)).doesNotContain("1234");
        }
        java.nio.file.Path g = dir.resolve("other.toml");
        java.nio.file.Files.writeString(g, HypervisorTomlTest.HEAD
                + "[[card]]\nid = \"b1\"\nreader = \"racs://grid2:7777/imp-se1\"\n[[vm]]\nname = \"imp-vm3\"\ncards = [\"b1\"]\n");
        assertThatThrownBy(() -> grid.bindings().importToml(g)).isInstanceOf(CoordinationException.class)
                .hasMessage("SE imp-se1 is already bound to vm imp-vm1 (a card serves one VM): unbind it there first");
        assertThat(grid.bindings().get("imp-vm3")).isNull();
    }

    private static boolean tryBind(GridCoordinator c, String vm, String seid, CountDownLatch go) throws InterruptedException {
        go.await();
        try {
            c.bindings().bind(vm, List.of(seid), Set.of(), Set.of());
            return true;
        } catch (CoordinationException e) {
            assertThat(e.getMessage()).contains("is already bound to vm");
            return false;
        }
    }

    @Test
    void thePinBudgetIsSharedByTwoCoordinatorsAndNeverExceeded() throws Exception {
        TestClock clock = new TestClock();
        GridCoordinator a = zk.coordinator(clock);
        GridCoordinator b = zk.coordinator(clock);
        PinLedger la = a.pinLedger(3, 60, 30_000);
        PinLedger lb = b.pinLedger(3, 60, 30_000);
        AtomicInteger got = new AtomicInteger();
        List<PinLedger.Try> tries = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PinLedger l = i % 2 == 0 ? la : lb;
                fs.add(pool.submit(() -> {
                    go.await();
                    l.reserve("pin-vm").ifPresent(t -> {
                        got.incrementAndGet();
                        tries.add(t);
                    });
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(got.get()).isEqualTo(3);
        assertThat(lb.inFlight("pin-vm")).isEqualTo(3);
        assertThat(la.reserve("pin-vm")).isEmpty();
        assertThat(la.retryAfterMillis("pin-vm")).isEqualTo(PinLedger.IN_FLIGHT_RETRY_MS);
        tries.get(0).close(); // right PIN: the try comes back
        PinLedger.Try again = lb.reserve("pin-vm").orElseThrow();
        tries.set(0, again);
        for (PinLedger.Try t : tries) {
            t.failed();
        }
        assertThat(la.recentFailures("pin-vm")).isEqualTo(3);
        assertThat(lb.reserve("pin-vm")).isEmpty();
        assertThat(lb.retryAfterMillis("pin-vm")).isEqualTo(60_000);
        clock.advance(Duration.ofSeconds(30));
        assertThat(la.blockedForMillis("pin-vm")).isEqualTo(30_000);
        clock.advance(Duration.ofSeconds(31));
        assertThat(la.recentFailures("pin-vm")).isZero();
        // a try reserved by a hypervisor that dies is given back when its lease is over
        la.reserve("pin-vm").orElseThrow();
        la.reserve("pin-vm").orElseThrow();
        la.reserve("pin-vm").orElseThrow();
        assertThat(lb.reserve("pin-vm")).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(lb.inFlight("pin-vm")).isZero();
        lb.reserve("pin-vm").orElseThrow().close();
    }

    @Test
    void znodePayloadsOverTheCapAreRefused() throws Exception {
        GridCoordinator grid = zk.coordinator();
        byte[] big = new byte[Znodes.MAX_PAYLOAD + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        grid.client().create().forPath("/secfunet/binding/big-vm", big);
        assertThatThrownBy(() -> grid.bindings().get("big-vm")).isInstanceOf(CoordinationException.class)
                .hasMessage("the znode /secfunet/binding/big-vm holds 65537 bytes, more than the 65536-byte cap: refused (not written by the grid?)");
        assertThatThrownBy(() -> ZnodeJson.write("/secfunet/se/x", new String(big, StandardCharsets.US_ASCII)))
                .isInstanceOf(CoordinationException.class).hasMessageContaining("more than the 65536-byte cap");
        grid.client().create().forPath("/secfunet/binding/junk-vm", "not json".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> grid.bindings().get("junk-vm")).isInstanceOf(CoordinationException.class)
                .hasMessageStartingWith("the znode /secfunet/binding/junk-vm does not hold a valid Binding");
        grid.client().delete().forPath("/secfunet/binding/big-vm");
        grid.client().delete().forPath("/secfunet/binding/junk-vm");
    }

    @Test
    void theSnapshotShowsServersSesHealthHoldersAndBindings() throws Exception {
        GridCoordinator grid = zk.coordinator();
        grid.registry().registerServer(new ServerInfo("snap-racs", "127.0.0.1:7001", "cd".repeat(32)));
        grid.registry().registerSe(se("snap-se", "snap-racs"));
        grid.bindings().bind("snap-vm", List.of("snap-se"), Set.of("tunnel"), Set.of());
        SeLocks.Held h = grid.locks().acquire("snap-se", "hv-snap", Duration.ofSeconds(5)).orElseThrow();
        try {
            GridSnapshot s = grid.snapshot();
            assertThat(s.health()).isEqualTo(Health.CONNECTED);
            assertThat(s.servers()).extracting(ServerInfo::name).contains("snap-racs");
            assertThat(s.ses()).filteredOn(x -> x.se().seid().equals("snap-se")).singleElement().satisfies(x -> {
                assertThat(x.lockHolder()).isEqualTo("hv-snap");
                assertThat(x.boundTo()).isEqualTo("snap-vm");
                assertThat(x.se().health().ok()).isTrue();
            });
            assertThat(s.bindings()).extracting(Binding::vm).contains("snap-vm");
            assertThat(h.token()).isPositive();
            // a kept card session's lock is released by whatever thread ends it (a sweeper, a later request)
            java.util.concurrent.FutureTask<Void> elsewhere = new java.util.concurrent.FutureTask<>(() -> {
                h.close();
                return null;
            });
            Thread t = new Thread(elsewhere);
            t.start();
            elsewhere.get(10, TimeUnit.SECONDS);
            assertThat(h.valid()).isFalse();
        } finally {
            h.close();
        }
        assertThat(GridSnapshot.holder(grid, "snap-se")).isNull();
        grid.bindings().unbind("snap-vm");
    }
}
