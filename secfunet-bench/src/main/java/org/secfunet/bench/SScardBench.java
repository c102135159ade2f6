package org.secfunet.bench;

import org.secfunet.card.runtime.CardLatencyModel;
import org.secfunet.card.runtime.ModelledCard;
import org.secfunet.card.runtime.OpenCard;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.CardTlsClient;
import org.secfunet.card.VcardServer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.vpcd.VpcdBridge;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench s_scard}: full-handshake time against one real {@code openssl s_server -Verify 1},
 * in one run: s_scard (handshake in the card, in process; no flag, -short and -extended) vs a JSSE client with the same kind of key
 * in a PKCS#12 keystore vs {@code openssl s_time -new}, reported as ratios.
 */
public final class SScardBench {
    private SScardBench() {
    }

    /** Where the benchmark card lives: in process, or served to pcscd through vpcd and reached by PC/SC. */
    public record CardPath(String vpcdHost, int vpcdPort, String reader) {
        public static final CardPath IN_PROCESS = new CardPath(null, 0, null);

        boolean pcscd() {
            return reader != null;
        }
    }

    public static void run(int n, String version, Consumer<String> out) throws Exception {
        run(n, version, CardPath.IN_PROCESS, out);
    }

    public static void run(int n, String version, CardPath path, Consumer<String> out) throws Exception {
        run(n, version, path, List.of(), out);
    }

    /**
     * As {@link #run(int, String, CardPath, Consumer)}, then, for each real-card latency model, one
     * more in-process pass (extended APDUs) whose card only accounts the model's time: card-ms per
     * handshake (link + processing) and the handshakes/s one such card could do.
     */
    public static void run(int n, String version, CardPath path, List<CardLatencyModel> models, Consumer<String> out) throws Exception {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("handshakes must be 1..10000");
        }
        Path dir = Files.createTempDirectory("secfunet-bench-sscard");
        Process server = null;
        try {
            ThrowawayPki pki = ThrowawayPki.create("bench CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
            ThrowawayPki.Credential s = pki.server("localhost");
            ThrowawayPki.Credential c = pki.client("card@bench.local");
            write(dir.resolve("s.pem"), s.certificate());
            write(dir.resolve("s.key"), new JcaPKCS8Generator(s.key(), null).generate());
            write(dir.resolve("c.pem"), c.certificate());
            write(dir.resolve("c.key"), new JcaPKCS8Generator(c.key(), null).generate());
            write(dir.resolve("ca.pem"), pki.ca().certificate());
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", dir.resolve("s.pem").toString(),
                    "-key", dir.resolve("s.key").toString(), "-CAfile", dir.resolve("ca.pem").toString(), "-Verify", "1",
                    "-verify_return_error", "-tls" + version.replace('.', '_'), "-quiet").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            waitListening(port);

            Path store = dir.resolve("card.sfn");
            personalize(store, pki, c);
            double[] auto = sscard(store, port, n, ApduMode.AUTO, path);
            double[] shortApdus = sscard(store, port, n, ApduMode.SHORT, path);
            double[] extended = sscard(store, port, n, ApduMode.EXTENDED, path);
            double card = auto[0];
            double jsse = jsse(pki, c, port, n, version);
            double stime = stime(dir, port, version);
            String where = path.pcscd() ? "card in pcscd via vpcd" : "card in process";
            out.accept(String.format("TLS %s ECDSA P-256, median of %d full handshakes against openssl s_server -Verify 1, %s:", version, n, where));
            out.accept(String.format("  s_scard, no flag (AUTO)     %7.2f ms   %4.0f APDUs %3.0f EAP rounds %6.0f/%-6.0f bytes to/from card",
                    auto[0], auto[1], auto[2], auto[3], auto[4]));
            out.accept(String.format("  s_scard -short              %7.2f ms   %4.0f APDUs %3.0f EAP rounds %6.0f/%-6.0f bytes to/from card",
                    shortApdus[0], shortApdus[1], shortApdus[2], shortApdus[3], shortApdus[4]));
            out.accept(String.format("  s_scard -extended           %7.2f ms   %4.0f APDUs %3.0f EAP rounds %6.0f/%-6.0f bytes to/from card",
                    extended[0], extended[1], extended[2], extended[3], extended[4]));
            out.accept(String.format("  JSSE, key in PKCS#12        %7.2f ms   s_scard/JSSE = %.2f", jsse, card / jsse));
            out.accept(String.format("  openssl s_time -new         %7.2f ms   s_scard/s_time = %.2f", stime, card / stime));
            for (CardLatencyModel m : models) {
                double[] r = sscard(store, port, n, ApduMode.AUTO, CardPath.IN_PROCESS, m);
                double[] ops = java.util.Arrays.copyOfRange(r, 9, r.length);
                out.accept(new CardModelReport(m, r[5], r[6], r[7], r[8], ops).line());
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void personalize(Path store, ThrowawayPki pki, ThrowawayPki.Credential c) throws Exception {
        EapCards.init(store, "bench", "1234".toCharArray(), "12345678".toCharArray());
        OpenCard open = VirtualCards.open(store);
        try (EapSmartcard card = new EapSmartcard(new InProcessSession(open.card(), "bench", open::close), Tracer.OFF, ApduMode.EXTENDED)) {
            card.select();
            card.verifyPuk("12345678".toCharArray());
            card.putPrivateKey(c.key().getEncoded());
            card.appendCertificate(c.certificate().getEncoded());
            card.addCa(pki.ca().certificate().getEncoded());
            card.addIdentity("web", "card@bench.local", "peer", true);
        }
    }

    /** {median ms, APDUs, EAP rounds, bytes to card, bytes from card} per handshake. */
    private static double[] sscard(Path store, int port, int n, ApduMode mode, CardPath path) throws Exception {
        return sscard(store, port, n, mode, path, null);
    }

    /**
     * As above; with a model (in process only), also {link ms, processing ms, crypto ms, APDUs} per
     * handshake as fields 5 to 8, then the crypto operation counts per handshake.
     */
    private static double[] sscard(Path store, int port, int n, ApduMode mode, CardPath path, CardLatencyModel model) throws Exception {
        ModelledCard modelled = null;
        VcardServer served = null;
        EapSmartcard card;
        if (path.pcscd()) {
            CountDownLatch ready = new CountDownLatch(1);
            served = new VcardServer(List.of(new VcardServer.Slot(store, path.vpcdHost(), path.vpcdPort())), (sl, st) -> {
                if (st == VpcdBridge.State.READY) {
                    ready.countDown();
                }
            }).start();
            if (!ready.await(10, TimeUnit.SECONDS)) {
                served.close();
                throw new IOException("vpcd at " + path.vpcdHost() + ":" + path.vpcdPort() + " did not take the card (is pcscd running?)");
            }
            if (!org.secfunet.pcsc.PcscReaders.shared().awaitCard(path.reader(), true, Duration.ofSeconds(10))) {
                served.close();
                throw new IOException("no card appeared in reader '" + path.reader() + "'");
            }
            CardSession session = Readers.discover().connect(path.reader(), ConnectOptions.DEFAULT);
            card = new EapSmartcard(session, Tracer.OFF, mode);
        } else {
            OpenCard open = VirtualCards.open(store);
            org.secfunet.pcsc.CardDevice device = open.card();
            if (model != null) {
                modelled = new ModelledCard(device, model, null);
                device = modelled;
            }
            card = new EapSmartcard(new InProcessSession(device, "bench", open::close), Tracer.OFF, mode);
        }
        try {
            card.select();
            card.verifyPin("1234".toCharArray());
            long[] t = new long[n];
            double apdus = 0;
            double rounds = 0;
            double to = 0;
            double from = 0;
            double link0 = 0;
            double proc0 = 0;
            double crypto0 = 0;
            long apdus0 = 0;
            long[] ops0 = null;
            for (int i = -3; i < n; i++) {
                if (i == 0 && modelled != null) {
                    link0 = modelled.linkMs();
                    proc0 = modelled.processingMs();
                    crypto0 = modelled.cryptoMs();
                    apdus0 = modelled.apdus();
                    ops0 = modelled.meter().snapshot();
                }
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    long t0 = System.nanoTime();
                    CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", s.getInputStream(), s.getOutputStream(), Instant.now());
                    long took = System.nanoTime() - t0;
                    h.connection().dispose();
                    if (i >= 0) {
                        t[i] = took;
                        apdus += h.apdus();
                        rounds += h.rounds();
                        to += h.bytesToCard();
                        from += h.bytesFromCard();
                    }
                }
            }
            if (modelled != null) {
                long[] ops = modelled.meter().snapshot();
                double[] r = new double[9 + ops.length];
                double[] head = {median(t), apdus / n, rounds / n, to / n, from / n, (modelled.linkMs() - link0) / n,
                    (modelled.processingMs() - proc0) / n, (modelled.cryptoMs() - crypto0) / n, (double) (modelled.apdus() - apdus0) / n};
                System.arraycopy(head, 0, r, 0, head.length);
                for (int k = 0; k < ops.length; k++) {
                    r[9 + k] = (double) (ops[k] - ops0[k]) / n;
                }
                return r;
            }
            return new double[] {median(t), apdus / n, rounds / n, to / n, from / n};
        } finally {
            card.close();
            if (served != null) {
                served.close();
                // pcscd must see the card gone before the next one comes
                org.secfunet.pcsc.PcscReaders.shared().awaitCard(path.reader(), false, Duration.ofSeconds(5));
            }
        }
    }

    private static double jsse(ThrowawayPki pki, ThrowawayPki.Credential c, int port, int n, String version) throws Exception {
        long[] t = new long[n];
        for (int i = -3; i < n; i++) {
            SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(c.key(), c.certificate(), pki.ca().certificate()); // new each time: no resumption
            try (Socket raw = new Socket("127.0.0.1", port)) {
                raw.setTcpNoDelay(true);
                long t0 = System.nanoTime();
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true);
                s.setEnabledProtocols(new String[] {"TLSv" + version});
                s.startHandshake();
                long took = System.nanoTime() - t0;
                s.close();
                if (i >= 0) {
                    t[i] = took;
                }
            }
        }
        return median(t);
    }

    private static double stime(Path dir, int port, String version) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port, "-new", "-time", "5",
                "-cert", dir.resolve("c.pem").toString(), "-key", dir.resolve("c.key").toString(),
                "-CAfile", dir.resolve("ca.pem").toString(), "-tls" + version.replace('.', '_')).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("(\\d+) connections in (\\d+) real seconds").matcher(text);
        double best = Double.NaN;
        while (m.find()) {
            double perConn = Double.parseDouble(m.group(2)) * 1000 / Double.parseDouble(m.group(1));
            best = Double.isNaN(best) ? perConn : Math.min(best, perConn);
        }
        if (Double.isNaN(best)) {
            throw new IOException("cannot read openssl s_time's output: " + text.lines().limit(5).toList());
        }
        return best;
    }

    private static void waitListening(int port) throws InterruptedException, IOException {
        for (int i = 0; i < 100; i++) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("openssl s_server did not listen on " + port);
    }

    private static double median(long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e6;
    }

    private static void write(Path f, Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        Files.writeString(f, w.toString());
    }

}
