package org.secfunet.bench;

import org.secfunet.card.runtime.OpenCard;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.CardLatencyModel;
import org.secfunet.card.runtime.ModelledCard;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.CardTlsClient;

/**
 * {@code bench grid}: card-authenticated handshakes through s_hypervisor, with the cards in a RACS
 * server on loopback, from 1 to 8 cards; against the same handshake done directly by an in-process
 * s_scard measured in the same run. Reports handshakes/s and the p50/p99 latency a VM sees, where
 * a direct card session's time goes (open store, SELECT, VERIFY, identity, handshake), and the
 * one-card grid with and without the hypervisor keeping its verified card session.
 */
public final class GridBench {
    private GridBench() {
    }

    /** One measured configuration. */
    public record Row(String what, int cards, int clients, int done, int busy, double perSecond, double p50, double p99) {
        String line() {
            return String.format("%-36s cards %d  clients %2d  done %4d  busy %3d  %7.1f hs/s  p50 %7.1f ms  p99 %7.1f ms",
                    what, cards, clients, done, busy, perSecond, p50, p99);
        }
    }

    public static List<Row> run(int perCard, Consumer<String> out) throws Exception {
        return run(perCard, List.of(), out);
    }

    /**
     * As {@link #run(int, Consumer)}, then, for each real-card latency model, one more pass (one
     * card behind RACS, one client) whose RACS cards only account the model's time: card-ms per
     * handshake (link + processing + the card's public-key operations) and the handshakes/s one
     * such card could do.
     */
    public static List<Row> run(int perCard, List<CardLatencyModel> models, Consumer<String> out) throws Exception {
        if (perCard < 1 || perCard > 1000) {
            throw new IllegalArgumentException("handshakes per card must be 1..1000");
        }
        List<Row> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("secfunet-gridbench");
        try {
            try (GridLab lab = GridLab.start(Files.createDirectories(dir.resolve("direct")), new GridLab.Shape(1, 1, false, 60_000, 64))) {
                List<String> phases = new ArrayList<>();
                rows.add(direct(lab, Math.max(20, perCard), phases::add));
                out.accept(rows.get(rows.size() - 1).line());
                phases.forEach(out);
                rows.add(viaHypervisor(lab, "s_hypervisor, card in process", 1, 1, Math.max(20, perCard)));
                out.accept(rows.get(rows.size() - 1).line());
            }
            // one client, one card: the latency of the grid path alone, no queueing; first with a card session per handshake
            try (GridLab lab = GridLab.start(Files.createDirectories(dir.resolve("racs-nokeep")), new GridLab.Shape(1, 1, true, 60_000, 64, 0))) {
                rows.add(viaHypervisor(lab, "s_hypervisor + RACS, card_keep_ms 0", 1, 1, Math.max(20, perCard)));
                out.accept(rows.get(rows.size() - 1).line());
            }
            for (int cards : new int[] {1, 2, 4, 8}) {
                try (GridLab lab = GridLab.start(Files.createDirectories(dir.resolve("racs" + cards)), new GridLab.Shape(cards, 1, true, 60_000, 256))) {
                    if (cards == 1) {
                        rows.add(viaHypervisor(lab, "s_hypervisor + RACS", 1, 1, Math.max(20, perCard)));
                        out.accept(rows.get(rows.size() - 1).line());
                    }
                    rows.add(viaHypervisor(lab, "s_hypervisor + RACS", cards, 2 * cards, perCard * cards));
                    out.accept(rows.get(rows.size() - 1).line());
                }
            }
        } finally {
            BenchSupport.deleteTree(dir);
        }
        Row base = rows.get(0);
        Row fresh = rows.get(2);
        Row grid1 = rows.get(3);
        Row eight = rows.get(rows.size() - 1);
        out.accept(String.format("grid overhead at 1 card, 1 client: p50 %.2fx (%.2fx with a card session per handshake), throughput %.2fx of direct"
                        + " in-process s_scard; 8 cards: %.2fx its throughput",
                grid1.p50() / base.p50(), fresh.p50() / base.p50(), grid1.perSecond() / base.perSecond(), eight.perSecond() / base.perSecond()));
        for (CardLatencyModel m : models) {
            out.accept(modelled(m, Math.max(20, perCard)).line());
        }
        return rows;
    }

    /** One card behind RACS whose every power-on is a {@link ModelledCard} (accounting only, no sleeping). */
    private static CardModelReport modelled(CardLatencyModel model, int n) throws Exception {
        Path dir = Files.createTempDirectory("secfunet-gridbench-model");
        Queue<ModelledCard> sessions = new ConcurrentLinkedQueue<>();
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 60_000, 64), "", card -> {
            ModelledCard c = new ModelledCard(card, model, null);
            sessions.add(c);
            return c;
        })) {
            viaHypervisor(lab, "s_hypervisor + RACS, " + model.name(), 1, 1, n);
        } finally {
            BenchSupport.deleteTree(dir);
        }
        return CardModelReport.ofSessions(model, sessions);
    }

    /** Phases of one direct card session, in the order they run. */
    private static final String[] PHASES = {"open store", "SELECT", "VERIFY", "identity", "handshake + key export"};

    /**
     * The baseline: s_scard's engine with the card in this process, sequential handshakes to the
     * same server, each a whole card session (open the store, SELECT, VERIFY, identity, handshake);
     * prints the p50 of each phase.
     */
    private static Row direct(GridLab lab, int n, Consumer<String> out) throws Exception {
        long[] t = new long[n];
        long[][] phase = new long[PHASES.length][n];
        long[] mark = new long[PHASES.length + 1];
        long start = System.nanoTime();
        for (int i = -15; i < n; i++) { // 15 untimed handshakes warm the JIT first
            mark[0] = System.nanoTime();
            OpenCard open = VirtualCards.open(lab.card(1));
            long opened = System.nanoTime() - mark[0];
            try (EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "bench", open::close), Tracer.OFF);
                 Socket s = new Socket("127.0.0.1", lab.targetPort())) {
                s.setTcpNoDelay(true);
                mark[1] = System.nanoTime(); // the target's connect is not a card phase
                card.select();
                mark[2] = System.nanoTime();
                card.verifyPin(GridLab.PIN.toCharArray());
                mark[3] = System.nanoTime();
                String identity = card.preferredIdentity();
                mark[4] = System.nanoTime();
                CardTlsClient.Handshake h = CardTlsClient.connect(card, identity, s.getInputStream(), s.getOutputStream(), Instant.now());
                mark[5] = System.nanoTime();
                h.connection().close();
            }
            if (i < 0) {
                start = System.nanoTime();
                continue;
            }
            t[i] = System.nanoTime() - mark[0];
            phase[0][i] = opened;
            for (int k = 1; k < PHASES.length; k++) {
                phase[k][i] = mark[k + 1] - mark[k];
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        StringBuilder b = new StringBuilder("  direct card session, p50 per phase:");
        for (int k = 0; k < PHASES.length; k++) {
            b.append(String.format("%s %s %.2f ms", k == 0 ? "" : ",", PHASES[k], BenchSupport.percentileMs(phase[k], 50)));
        }
        out.accept(b.toString());
        return new Row("direct in-process s_scard", 1, 1, n, 0, n / secs, BenchSupport.percentileMs(t, 50), BenchSupport.percentileMs(t, 99));
    }

    private static Row viaHypervisor(GridLab lab, String what, int cards, int clients, int n) throws Exception {
        SSLContext vm = lab.vm("vm-1");
        VmRequest req = VmRequest.parse("CONNECT 127.0.0.1:" + lab.targetPort() + " mode=handoff");
        for (int i = 0; i < 10; i++) { // untimed warm-up
            VmClient.connect(lab.hypervisorAddress(), vm, req, null, 60_000).close();
        }
        long[] t = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    long t0 = System.nanoTime();
                    try {
                        VmClient.Session s = VmClient.connect(lab.hypervisorAddress(), vm, req, null, 60_000);
                        t[i] = System.nanoTime() - t0;
                        done.incrementAndGet();
                        s.close();
                    } catch (VmRefusedException e) {
                        t[i] = -1;
                        busy.incrementAndGet();
                    } catch (Exception e) {
                        t[i] = -1;
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("the grid benchmark did not finish in 30 minutes");
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] ok = Arrays.stream(t).filter(x -> x > 0).toArray();
        return new Row(what, cards, clients, done.get(), busy.get(), done.get() / secs, BenchSupport.percentileMs(ok, 50), BenchSupport.percentileMs(ok, 99));
    }
}
