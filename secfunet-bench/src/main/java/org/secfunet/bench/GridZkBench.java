package org.secfunet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorMetrics;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.service.HostPort;

/**
 * {@code bench grid --zookeeper}: 2 RACS servers with 4 software cards each, VMs bound to them in
 * ZooKeeper and served by 2 s_hypervisors on ZooKeeper, against one s_hypervisor with the same VMs
 * and cards in its static TOML (the same RACS servers), measured in the same run in interleaved
 * rounds. Kept card sessions on and off, one client (latency) and 2 clients per card (load).
 * Reports handshakes/s, p50, p99, the ratios, the added p50 (ZooKeeper minus static) and the
 * coordination phases the hypervisors timed (binding and registry lookups, lock, token, release)
 * with the ZooKeeper requests per handshake.
 */
public final class GridZkBench {
    /** RACS servers, cards per server, VMs, hypervisors on ZooKeeper. */
    static final int SERVERS = 2;
    static final int CARDS_PER_SERVER = 4;
    static final int VMS = 4;
    static final int ZK_HYPERVISORS = 2;
    /** card_keep_ms of the rows with kept sessions: short, so that the SEs are free again soon after a round. */
    static final long KEEP_MS = 1_000;
    /** Handshakes per card setting of the one-client rows: more than the loaded rows', since their p50 difference is the figure. */
    static final int ONE_CLIENT = 8;

    private GridZkBench() {
    }

    /** One measured configuration, summed over its rounds. */
    private static final class Config {
        final String what;
        final boolean zk;
        final boolean keep;
        final int clients;
        /** The hypervisor serving each VM (index v-1). */
        final List<Hypervisor> byVm;
        final List<Long> times = new ArrayList<>();
        long nanos;
        int busy;
        int failed;
        String firstFailure;
        long zkRequests;
        final Map<String, long[]> phases = new LinkedHashMap<>();

        Config(String what, boolean zk, boolean keep, int clients, List<Hypervisor> byVm) {
            this.what = what;
            this.zk = zk;
            this.keep = keep;
            this.clients = clients;
            this.byVm = byVm;
        }

        GridBench.Row row(int cards) {
            long[] t = times.stream().mapToLong(Long::longValue).toArray();
            return new GridBench.Row(what, cards, clients, t.length, busy, t.length / (nanos / 1e9), BenchSupport.percentileMs(t, 50),
                    BenchSupport.percentileMs(t, 99));
        }
    }

    /** The figures of one run: rows in the order printed. */
    public record Result(List<GridBench.Row> rows, double addedP50KeepMs, double addedP50NoKeepMs) {
    }

    /**
     * Runs {@code rounds} interleaved rounds; each configuration does {@code perCard} handshakes per
     * card in all under load and {@code 8 * perCard} with one client, after {@code min(10, perCard)}
     * untimed handshakes per VM and configuration. {@code zookeeper}:
     * a file with a {@code [zookeeper]} table (a real ensemble), or null for a server in this JVM.
     */
    public static Result run(int perCard, int rounds, Path zookeeper, Consumer<String> out) throws Exception {
        if (perCard < 1 || perCard > 1000) {
            throw new IllegalArgumentException("handshakes per card must be 1..1000");
        }
        if (rounds < 1 || rounds > 50) {
            throw new IllegalArgumentException("rounds must be 1..50");
        }
        if (zookeeper != null && !Files.isRegularFile(zookeeper)) {
            throw new IllegalArgumentException("--zookeeper " + zookeeper + ": no such file (a TOML file with a [zookeeper] table)");
        }
        Path dir = Files.createTempDirectory("secfunet-gridzk");
        try (ZkGridLab lab = ZkGridLab.start(dir, SERVERS, CARDS_PER_SERVER, VMS, zookeeper)) {
            out.accept(lab.zookeeperWhat() + "; " + SERVERS + " RACS servers x " + CARDS_PER_SERVER + " cards, " + VMS
                    + " VMs of " + (lab.cards() / VMS) + " cards (one per server), kept sessions " + KEEP_MS + " ms");
            List<Hypervisor> zkKeep = new ArrayList<>();
            List<Hypervisor> zkFresh = new ArrayList<>();
            for (int h = 1; h <= ZK_HYPERVISORS; h++) {
                zkKeep.add(lab.zkHypervisor("hv-zk-" + h, KEEP_MS));
                zkFresh.add(lab.zkHypervisor("hv-zk-" + h + "-nokeep", 0));
            }
            Hypervisor stKeep = lab.staticHypervisor("hv-static", KEEP_MS);
            Hypervisor stFresh = lab.staticHypervisor("hv-static-nokeep", 0);
            List<Hypervisor> all = new ArrayList<>(zkKeep);
            all.addAll(zkFresh);
            all.add(stKeep);
            all.add(stFresh);
            int cards = lab.cards();
            int load = 2 * cards;
            List<Config> configs = List.of(
                    new Config("static TOML, 1 hypervisor, 1 client", false, true, 1, spread(List.of(stKeep))),
                    new Config("ZooKeeper, 2 hypervisors, 1 client", true, true, 1, spread(zkKeep)),
                    new Config("static, card_keep_ms 0, 1 client", false, false, 1, spread(List.of(stFresh))),
                    new Config("ZooKeeper, card_keep_ms 0, 1 client", true, false, 1, spread(zkFresh)),
                    new Config("static TOML, 1 hypervisor", false, true, load, spread(List.of(stKeep))),
                    new Config("ZooKeeper, 2 hypervisors", true, true, load, spread(zkKeep)),
                    new Config("static, card_keep_ms 0", false, false, load, spread(List.of(stFresh))),
                    new Config("ZooKeeper, card_keep_ms 0", true, false, load, spread(zkFresh)));
            List<SSLContext> vms = new ArrayList<>();
            for (int v = 1; v <= VMS; v++) {
                vms.add(lab.vm("vm-" + v));
            }
            VmRequest req = VmRequest.parse("CONNECT 127.0.0.1:" + lab.targetPort() + " mode=handoff");
            int warm = Math.min(10, perCard);
            for (Config c : configs) { // untimed warm-up: every VM on its hypervisor
                for (int v = 0; v < VMS; v++) {
                    for (int i = 0; i < warm; i++) {
                        VmClient.connect(address(c.byVm.get(v)), vms.get(v), req, null, 60_000).close();
                    }
                }
                drain(all);
            }
            for (int r = 0; r < rounds; r++) {
                // alternate which goes first, static or ZooKeeper, round by round
                for (int k = 0; k < configs.size(); k += 2) {
                    Config a = configs.get(k + (r % 2));
                    Config b = configs.get(k + 1 - (r % 2));
                    for (Config c : List.of(a, b)) {
                        int total = c.clients == 1 ? ONE_CLIENT * perCard : perCard * cards;
                        int n = total / rounds + (r < total % rounds ? 1 : 0);
                        if (n > 0) {
                            chunk(lab, c, vms, req, n);
                        }
                        drain(all);
                    }
                }
            }
            List<GridBench.Row> rows = new ArrayList<>();
            for (Config c : configs) {
                GridBench.Row row = c.row(c.clients == 1 ? 1 : cards);
                rows.add(row);
                out.accept(row.line() + (c.failed > 0 ? "  failed " + c.failed + " (first: " + c.firstFailure + ")" : ""));
                if (c.zk) {
                    out.accept(phaseLine(c));
                } else if (c.zkRequests >= 0 && !c.times.isEmpty()) {
                    out.accept(String.format("  ZooKeeper requests per handshake (other sessions' pings): %.1f", (double) c.zkRequests / c.times.size()));
                }
            }
            for (int k = 0; k < configs.size(); k += 2) {
                GridBench.Row s = rows.get(k);
                GridBench.Row z = rows.get(k + 1);
                out.accept(String.format("ZooKeeper vs static, %s: throughput %.2fx, p50 %+.2f ms (%.2fx), p99 %+.2f ms (%.2fx)",
                        (configs.get(k).keep ? "kept sessions" : "card_keep_ms 0") + ", " + (configs.get(k).clients == 1 ? "1 client" : load + " clients"),
                        z.perSecond() / s.perSecond(), z.p50() - s.p50(), z.p50() / s.p50(), z.p99() - s.p99(), z.p99() / s.p99()));
            }
            double keep = rows.get(1).p50() - rows.get(0).p50();
            double fresh = rows.get(3).p50() - rows.get(2).p50();
            out.accept(String.format("coordination cost per handshake (added p50, 1 client): %+.2f ms with kept sessions, %+.2f ms with card_keep_ms 0;"
                    + " goal <= 1 ms: %s with kept sessions (the default), %s with card_keep_ms 0", keep, fresh, keep <= 1 ? "met" : "not met",
                    fresh <= 1 ? "met" : "not met"));
            return new Result(List.copyOf(rows), keep, fresh);
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    /** VM v (1-based) on hypervisor (v-1) mod the list's size. */
    private static List<Hypervisor> spread(List<Hypervisor> hs) {
        List<Hypervisor> byVm = new ArrayList<>();
        for (int v = 0; v < VMS; v++) {
            byVm.add(hs.get(v % hs.size()));
        }
        return byVm;
    }

    private static HostPort address(Hypervisor h) {
        return new HostPort("127.0.0.1", h.port());
    }

    /** Waits (at most 10 s) until no hypervisor keeps a card session, so that the next configuration finds every SE free. */
    private static void drain(List<Hypervisor> all) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (all.stream().anyMatch(h -> h.keptCardSessions() > 0)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("kept card sessions were not closed within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** {@code n} handshakes of configuration {@code c}: its clients spread over the VMs, requests back to back. */
    private static void chunk(ZkGridLab lab, Config c, List<SSLContext> vms, VmRequest req, int n) throws Exception {
        Map<String, HypervisorMetrics.PhaseTotal> before = totals(c);
        long zkBefore = lab.requestsReceived();
        long[] t = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> first = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(c.clients);
        long start = System.nanoTime();
        for (int k = 0; k < c.clients; k++) {
            int v = k % VMS;
            HostPort at = address(c.byVm.get(v));
            SSLContext vm = vms.get(v);
            pool.execute(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    long t0 = System.nanoTime();
                    try {
                        VmClient.Session s = VmClient.connect(at, vm, req, null, 60_000);
                        t[i] = System.nanoTime() - t0;
                        s.close();
                    } catch (VmRefusedException e) {
                        t[i] = -1;
                        busy.incrementAndGet();
                    } catch (Exception e) {
                        t[i] = -1;
                        failed.incrementAndGet();
                        first.compareAndSet(null, e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("the ZooKeeper grid benchmark did not finish in 30 minutes");
        }
        c.nanos += System.nanoTime() - start;
        long zkAfter = lab.requestsReceived();
        c.zkRequests = zkBefore < 0 || zkAfter < 0 || c.zkRequests < 0 ? -1 : c.zkRequests + zkAfter - zkBefore;
        Arrays.stream(t).filter(x -> x > 0).forEach(c.times::add);
        c.busy += busy.get();
        c.failed += failed.get();
        if (c.firstFailure == null) {
            c.firstFailure = first.get();
        }
        Map<String, HypervisorMetrics.PhaseTotal> after = totals(c);
        for (String p : HypervisorMetrics.COORDINATION_PHASES) {
            long[] sum = c.phases.computeIfAbsent(p, x -> new long[2]);
            sum[0] += after.get(p).count() - before.get(p).count();
            sum[1] += after.get(p).nanos() - before.get(p).nanos();
        }
    }

    /** The coordination phase totals of {@code c}'s hypervisors, summed. */
    private static Map<String, HypervisorMetrics.PhaseTotal> totals(Config c) {
        Map<String, HypervisorMetrics.PhaseTotal> m = new LinkedHashMap<>();
        for (String p : HypervisorMetrics.COORDINATION_PHASES) {
            long count = 0;
            long nanos = 0;
            for (Hypervisor h : c.byVm.stream().distinct().toList()) {
                HypervisorMetrics.PhaseTotal t = h.metrics().coordinationTotal(p);
                count += t.count();
                nanos += t.nanos();
            }
            m.put(p, new HypervisorMetrics.PhaseTotal(count, nanos));
        }
        return m;
    }

    /** The mean time per handshake of each coordination phase, their sum, and the ZooKeeper requests per handshake. */
    private static String phaseLine(Config c) {
        int n = Math.max(1, c.times.size());
        StringBuilder b = new StringBuilder("  coordination per handshake (mean, timed by the hypervisors):");
        double sum = 0;
        for (Map.Entry<String, long[]> e : c.phases.entrySet()) {
            double ms = e.getValue()[1] / 1e6 / n;
            sum += ms;
            b.append(String.format(" %s %.3f ms (x%.2f),", e.getKey(), ms, (double) e.getValue()[0] / n));
        }
        b.append(String.format(" in all %.3f ms; ZooKeeper requests per handshake %s", sum,
                c.zkRequests < 0 ? "n/a (the server does not answer srvr)" : String.format("%.1f", (double) c.zkRequests / n)));
        return b.toString();
    }
}
