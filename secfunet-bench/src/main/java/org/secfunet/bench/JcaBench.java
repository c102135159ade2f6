package org.secfunet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.lab.NginxLab;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * {@code bench jca}: full-handshake HTTPS requests (a new connection each, no resumption: nginx keeps
 * no session cache and sends no tickets) from java.net.http.HttpClient to one real nginx demanding a
 * client certificate, with the client key four ways, measured in one run: a PKCS#12 file (stock
 * JSSE, the baseline), the card as a signer (mode 1: stock JSSE over the SecFuNet key manager) and the
 * whole handshake in the card (mode 2: SSLContext SecFuNet). Software cards in this process. Every
 * configuration is warmed up first, then measured in five interleaved rounds.
 */
public final class JcaBench {
    private static final char[] PIN = "1234".toCharArray();

    private JcaBench() {
    }

    /** One configuration's figures. */
    public record Row(String what, int clients, int done, int failed, double perSecond, double p50, double p99) {
        String line() {
            return String.format("%-40s clients %2d  done %4d  failed %2d  %7.1f req/s  p50 %6.1f ms  p99 %6.1f ms", what, clients, done, failed, perSecond, p50, p99);
        }
    }

    public static List<Row> run(int n, int clients, ThrowawayPki.KeyType type, String protocol, Consumer<String> out) throws Exception {
        if (n < 1 || n > 100_000 || clients < 1 || clients > 64) {
            throw new IllegalArgumentException("requests must be 1..100000 and clients 1..64");
        }
        Path dir = Files.createTempDirectory("secfunet-jcabench");
        List<Row> rows = new ArrayList<>();
        try {
            ThrowawayPki pki = ThrowawayPki.create("bench CA", type, Duration.ofDays(1));
            ThrowawayPki.Credential file = pki.client("file@bench.local");
            List<String> readers = new ArrayList<>();
            for (int i = 0; i < clients; i++) { // one card per client, so the cards are not the queue
                readers.add("vcard:" + card(dir.resolve("card" + i + ".sfn"), pki));
            }
            SecFuNetProvider p = (SecFuNetProvider) new SecFuNetProvider().configure(String.join(";", readers) + ";pin=pass:1234");
            Security.addProvider(p);
            try (NginxLab nginx = NginxLab.start(Files.createDirectories(dir.resolve("nginx")), pki.server("localhost"), pki.ca().certificate(), protocol)) {
                SSLContext two = SSLContext.getInstance("SecFuNet", p);
                two.init(null, null, null);
                List<String> names = List.of("PKCS#12 file key, SunJSSE (SunX509)", "PKCS#12 file key, SunJSSE (PKIX)",
                        "mode 1: card signs, SunJSSE", "mode 2: handshake in the card");
                // SunX509 (the JDK's default key manager) decrypts the PKCS#12 key once; PKIX (NewSunX509) decrypts it for every handshake
                List<SSLContext> contexts = List.of(fileContext(dir, pki, file, "SunX509"), fileContext(dir, pki, file, "PKIX"), modeOne(p, pki), two);
                for (SSLContext c : contexts) { // every configuration warm before any is timed
                    measure(c, nginx.uri(), Math.min(100, n), clients);
                }
                // measured in interleaved rounds, so that no configuration profits from running last (a warmer JIT, a quieter machine)
                int rounds = Math.min(5, n);
                List<List<long[]>> parts = new ArrayList<>();
                long[] nanos = new long[contexts.size()];
                int[] failed = new int[contexts.size()];
                for (int i = 0; i < contexts.size(); i++) {
                    parts.add(new ArrayList<>());
                }
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < contexts.size(); i++) {
                        int count = n / rounds + (r < n % rounds ? 1 : 0);
                        long t0 = System.nanoTime();
                        Timed t = measure(contexts.get(i), nginx.uri(), count, clients);
                        nanos[i] += System.nanoTime() - t0;
                        parts.get(i).add(t.ok());
                        failed[i] += t.failed();
                    }
                }
                for (int i = 0; i < contexts.size(); i++) {
                    long[] all = parts.get(i).stream().flatMapToLong(Arrays::stream).toArray();
                    if (all.length == 0) {
                        throw new IllegalStateException(names.get(i) + ": every request failed");
                    }
                    rows.add(new Row(names.get(i), clients, all.length, failed[i], all.length / (nanos[i] / 1e9), BenchSupport.percentileMs(all, 50), BenchSupport.percentileMs(all, 99)));
                    out.accept(rows.get(i).line());
                }
            } finally {
                Security.removeProvider(p.getName());
                p.bank().close();
            }
            Row base = rows.get(0);
            out.accept(String.format("vs the PKCS#12 file key with SunX509: mode 1 %.2fx its requests/s (p50 %.2fx), mode 2 %.2fx (p50 %.2fx)",
                    rows.get(2).perSecond() / base.perSecond(), rows.get(2).p50() / base.p50(),
                    rows.get(3).perSecond() / base.perSecond(), rows.get(3).p50() / base.p50()));
        } finally {
            BenchSupport.deleteTree(dir);
        }
        return rows;
    }

    /** A software card holding a client key of {@code pki}, identity "web", PIN 1234. */
    private static Path card(Path store, ThrowawayPki pki) throws Exception {
        EapCards.init(store, "bench card", PIN, "12345678".toCharArray());
        ThrowawayPki.Credential c = pki.client("card@bench.local");
        OpenCard open = VirtualCards.open(store);
        try (EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "bench", open::close), Tracer.OFF)) {
            card.select();
            card.verifyPuk("12345678".toCharArray());
            card.putPrivateKey(c.key().getEncoded());
            card.appendCertificate(c.certificate().getEncoded());
            card.addCa(pki.ca().certificate().getEncoded());
            card.addIdentity("web", "card@bench.local", "peer", true);
        }
        return store;
    }

    private static SSLContext fileContext(Path dir, ThrowawayPki pki, ThrowawayPki.Credential file, String keyManager) throws Exception {
        Path p12 = dir.resolve("client.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", file.key(), PIN, new Certificate[] {file.certificate()});
        try (var o = Files.newOutputStream(p12)) {
            ks.store(o, PIN);
        }
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            loaded.load(in, PIN);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(keyManager);
        kmf.init(loaded, PIN);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), trust(pki), null);
        return c;
    }

    private static SSLContext modeOne(SecFuNetProvider p, ThrowawayPki pki) throws Exception {
        KeyStore ks = KeyStore.getInstance("SecFuNet", p);
        ks.load(null, PIN);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SecFuNet", p);
        kmf.init(ks, PIN);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), trust(pki), null);
        return c;
    }

    private static javax.net.ssl.TrustManager[] trust(ThrowawayPki pki) throws Exception {
        KeyStore t = KeyStore.getInstance("PKCS12");
        t.load(null, null);
        t.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(t);
        return tmf.getTrustManagers();
    }

    /** The latencies of the requests that succeeded, and how many failed. */
    private record Timed(long[] ok, int failed) {
    }

    /** {@code n} GETs over {@code clients} threads, each with its own HttpClient. */
    private static Timed measure(SSLContext c, URI uri, int n, int clients) throws Exception {
        long[] t = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            https.add(HttpClient.newBuilder().sslContext(c).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        for (HttpClient h : https) {
            pool.execute(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    long t0 = System.nanoTime();
                    try {
                        get(h, req);
                        t[i] = System.nanoTime() - t0;
                    } catch (Exception e) {
                        t[i] = -1;
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("the benchmark did not finish in 30 minutes");
        }
        https.forEach(HttpClient::close);
        return new Timed(Arrays.stream(t).filter(x -> x > 0).toArray(), failed.get());
    }

    private static void get(HttpClient h, HttpRequest req) throws Exception {
        HttpResponse<String> r = h.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("nginx answered " + r.statusCode());
        }
    }

}
