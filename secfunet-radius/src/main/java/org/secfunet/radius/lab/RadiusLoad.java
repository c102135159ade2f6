package org.secfunet.radius.lab;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.peer.CardEapolTest;
import org.secfunet.radius.peer.RadiusClient;

/**
 * Authentications in parallel against a RADIUS server: each of {@code peers} workers owns a peer
 * card (a copy of the lab's) and authenticates back to back until {@code total} are done.
 * Bounded: every exchange has a timeout and the whole run a deadline.
 */
public final class RadiusLoad {
    /** Outcome: successes, failures by reason, rate and latency. */
    public record Report(int ok, int failed, java.util.Map<String, Integer> failures, double perSecond, double p50, double p99) {
    }

    private RadiusLoad() {
    }

    public static Report run(RadiusLab lab, int port, int peers, int total, long deadlineSeconds) throws Exception {
        List<Path> cards = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            Path copy = lab.dir.resolve("load-peer-" + i + ".sfn");
            Files.copy(lab.peerCard, copy, StandardCopyOption.REPLACE_EXISTING);
            for (String sidecar : new String[] {".key", ".gen"}) { // the sealing key and the write counter
                Path f = lab.peerCard.resolveSibling(lab.peerCard.getFileName() + sidecar);
                if (Files.exists(f)) {
                    Files.copy(f, copy.resolveSibling(copy.getFileName() + sidecar), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            cards.add(copy);
        }
        long[] t = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        java.util.Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(peers);
        long start = System.nanoTime();
        for (int w = 0; w < peers; w++) {
            Path store = cards.get(w);
            String station = String.format("02-00-00-00-%02X-%02X", (w >> 8) & 0xFF, w & 0xFF); // one calling station per peer, as on a real NAS
            pool.execute(() -> {
                try (RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", port), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8),
                        3000, 3)) {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        long t0 = System.nanoTime();
                        try (EapSmartcard card = new EapSmartcard(Readers.discover().connect("vcard:" + store, ConnectOptions.DEFAULT), Tracer.OFF)) {
                            card.select();
                            card.verifyPin(RadiusLab.PIN.toCharArray());
                            card.setIdentity("wifi");
                            CardEapolTest.Result r = CardEapolTest.run(card, nas, station, line -> { });
                            if (r.success() && r.mppeMatch()) {
                                t[i] = System.nanoTime() - t0;
                                ok.incrementAndGet();
                            } else {
                                failures.merge(String.valueOf(r.reason()), 1, Integer::sum);
                            }
                        } catch (Exception e) {
                            failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                        }
                    }
                } catch (Exception e) {
                    failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(deadlineSeconds, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            failures.merge("the run did not end within " + deadlineSeconds + " s", 1, Integer::sum);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] done = Arrays.stream(t).filter(x -> x > 0).sorted().toArray();
        return new Report(ok.get(), failures.values().stream().mapToInt(Integer::intValue).sum(), java.util.Map.copyOf(failures), ok.get() / secs,
                pct(done, 50), pct(done, 99));
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
