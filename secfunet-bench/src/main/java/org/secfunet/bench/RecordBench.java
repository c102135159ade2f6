package org.secfunet.bench;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.secfunet.card.eaptls.RecordKeyExport;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.RecordKeys;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.ExportedKeys;
import org.secfunet.tls.RecordEngine;
import org.secfunet.tls.TlsConnection;

/**
 * {@code bench record}: bulk throughput of the host record layer (the keys a card exports) against
 * a JSSE SSLEngine on the same suite (default TLS 1.3 AES-128-GCM; any TLS 1.3 suite or TLS 1.2
 * ECDHE-ECDSA AEAD suite), 16 KiB records, in memory. Both sides are set up once and measured in
 * {@link #ROUNDS} interleaved rounds (ours, JSSE; encrypt, then decrypt), after a warm-up; the best
 * round of each is reported, so that neither gains from the JIT having compiled the other's code.
 */
public final class RecordBench {
    /** The suites this benchmark takes, IANA names. */
    public static final List<String> SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final int ROUNDS = 3;
    private static final int CHUNK = 16384;
    private static final int WARM_RECORDS = 2000;

    private RecordBench() {
    }

    public static void run(int megabytes, Consumer<String> out) throws Exception {
        run(megabytes, List.of("TLS_AES_128_GCM_SHA256"), out);
    }

    /** Each suite in turn. */
    public static void run(int megabytes, List<String> suites, Consumer<String> out) throws Exception {
        if (megabytes < 1 || megabytes > 4096) {
            throw new IllegalArgumentException("megabytes must be 1..4096");
        }
        for (String suite : suites) {
            if (!SUITES.contains(suite)) {
                throw new IllegalArgumentException("suite " + suite + " is not one of " + String.join(", ", SUITES));
            }
        }
        ThrowawayPki pki = ThrowawayPki.create("bench CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        long total = (long) megabytes << 20;
        int records = (int) Math.min(total / CHUNK, 8192);
        for (String suite : suites) {
            boolean tls13 = !suite.contains("_WITH_");
            Ours ours = new Ours(pki, suite, tls13, records);
            Side[] sides = {ours, new Jsse(pki, suite, tls13, records), ours.engine()};
            double[][] best = new double[sides.length][2];
            for (Side side : sides) {
                side.encrypt((long) WARM_RECORDS * CHUNK);
                side.decrypt();
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < sides.length; i++) {
                    best[i][0] = Math.max(best[i][0], sides[i].encrypt(total));
                }
                for (int i = 0; i < sides.length; i++) {
                    best[i][1] = Math.max(best[i][1], sides[i].decrypt());
                }
            }
            out.accept(String.format("TLS %s %s, 16 KiB records, in memory (%d MiB encrypted, %d MiB decrypted, best of %d interleaved rounds):",
                    tls13 ? "1.3" : "1.2", suite, megabytes, (long) records * CHUNK >> 20, ROUNDS));
            out.accept(String.format("  encrypt: host record layer %8.0f MB/s   JSSE SSLEngine.wrap   %8.0f MB/s   ratio %.2f",
                    best[0][0], best[1][0], best[0][0] / best[1][0]));
            out.accept(String.format("  decrypt: host record layer %8.0f MB/s   JSSE SSLEngine.unwrap %8.0f MB/s   ratio %.2f",
                    best[0][1], best[1][1], best[0][1] / best[1][1]));
            out.accept(String.format("  encrypt: RecordEngine.seal  %8.0f MB/s   (ByteBuffers, as the JCA SSLEngine)            ratio %.2f",
                    best[2][0], best[2][0] / best[1][0]));
            out.accept(String.format("  decrypt: RecordEngine.open  %8.0f MB/s   (ByteBuffers, as the JCA SSLEngine)            ratio %.2f",
                    best[2][1], best[2][1] / best[1][1]));
        }
    }

    /** One record layer under test: MB/s encrypting {@code bytes}, and decrypting its set of records. */
    private interface Side {
        double encrypt(long bytes) throws Exception;

        double decrypt() throws Exception;
    }

    private static double mbps(long bytes, long t0) {
        return bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
    }

    /** The host record layer: {@link TlsConnection} writing to a counting sink; another reading what a third wrote. */
    private static final class Ours implements Side {
        private final byte[] chunk = new byte[CHUNK];
        private final int records;
        private final TlsConnection conn;
        private final TlsConnection writer;
        private final TlsConnection reader;
        private final java.io.ByteArrayOutputStream wire;
        private final Feed feed = new Feed();
        private final byte[] tlv;

        Ours(ThrowawayPki pki, String suite, boolean tls13, int records) throws Exception {
            this.records = records;
            tlv = exportedKeys(pki, suite, tls13);
            conn = new TlsConnection(ExportedKeys.parse(tlv), java.io.InputStream.nullInputStream(), OutputStream.nullOutputStream());
            wire = new java.io.ByteArrayOutputStream(records * (CHUNK + 64));
            writer = new TlsConnection(ExportedKeys.parse(tlv), java.io.InputStream.nullInputStream(), wire);
            reader = new TlsConnection(mirrored(tlv), feed, OutputStream.nullOutputStream());
        }

        @Override
        public double encrypt(long bytes) throws Exception {
            long t0 = System.nanoTime();
            for (long done = 0; done < bytes; done += CHUNK) {
                conn.write(chunk, 0, CHUNK);
            }
            return mbps(bytes, t0);
        }

        /** The same keys on {@link RecordEngine}: heap ByteBuffers, as JSSE gets them. */
        Side engine() {
            RecordEngine sealer = new RecordEngine(ExportedKeys.parse(tlv));
            RecordEngine writer = new RecordEngine(ExportedKeys.parse(tlv));
            RecordEngine reader = new RecordEngine(mirrored(tlv));
            ByteBuffer app = ByteBuffer.allocate(CHUNK);
            ByteBuffer net = ByteBuffer.allocate(RecordEngine.MAX_RECORD);
            ByteBuffer wire = ByteBuffer.allocate(records * RecordEngine.MAX_RECORD);
            ByteBuffer plain = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
            return new Side() {
                @Override
                public double encrypt(long bytes) throws Exception {
                    long t0 = System.nanoTime();
                    for (long done = 0; done < bytes; done += CHUNK) {
                        app.clear();
                        net.clear();
                        sealer.seal(app, net);
                    }
                    return mbps(bytes, t0);
                }

                @Override
                public double decrypt() throws Exception {
                    wire.clear();
                    for (int i = 0; i < records; i++) {
                        app.clear();
                        writer.seal(app, wire);
                    }
                    wire.flip();
                    long got = 0;
                    long t0 = System.nanoTime();
                    while (wire.hasRemaining()) {
                        plain.clear();
                        RecordEngine.Result r = reader.open(wire, plain);
                        if (r.consumed() == 0) {
                            break;
                        }
                        got += r.produced();
                    }
                    return mbps(got, t0);
                }
            };
        }

        @Override
        public double decrypt() throws Exception {
            wire.reset();
            for (int i = 0; i < records; i++) {
                writer.write(chunk, 0, CHUNK);
            }
            feed.set(wire.toByteArray());
            long want = (long) records * CHUNK;
            long got = 0;
            long t0 = System.nanoTime();
            while (got < want) {
                int n = reader.read(chunk, 0, CHUNK);
                if (n < 0) {
                    throw new IllegalStateException("the reader ended after " + got + " bytes");
                }
                got += n;
            }
            return mbps(got, t0);
        }
    }

    /** An input stream over one array at a time, for a reader that goes on across rounds. */
    private static final class Feed extends java.io.InputStream {
        private byte[] data = new byte[0];
        private int pos;

        void set(byte[] d) {
            data = d;
            pos = 0;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(len, data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /**
     * The record keys a client would have the card export (TLV) after a TLS handshake on
     * {@code suite} with the BC engine, both ends in memory: for {@link TlsConnection} or {@link RecordEngine}.
     */
    public static byte[] exportedKeys(ThrowawayPki pki, String suite, boolean tls13) throws Exception {
        String version = tls13 ? "1.3" : "1.2";
        ThrowawayPki.Credential s = pki.server("localhost");
        ThrowawayPki.Credential c = pki.client("c@bench");
        TlsSettings ss = new TlsSettings(Set.of(version), List.of(s.certificate()), s.key(), List.of(pki.ca().certificate()), true, null)
                .withSuites(List.of(suite));
        TlsSettings cs = new TlsSettings(Set.of(version), List.of(c.certificate()), c.key(), List.of(pki.ca().certificate()), true, null);
        BcTlsEngine client = BcTlsEngine.client(cs);
        BcTlsEngine server = BcTlsEngine.server(ss);
        for (int i = 0; i < 20 && !(client.isHandshakeComplete() && server.isHandshakeComplete()); i++) {
            byte[] a = client.takeOutput();
            if (a.length > 0) {
                server.offerInput(a);
            }
            byte[] b = server.takeOutput();
            if (b.length > 0) {
                client.offerInput(b);
            }
        }
        RecordKeys k = client.takeRecordKeys();
        return RecordKeyExport.encode(k);
    }

    /** A JSSE client and server SSLEngine that completed a handshake on {@code suite} with each other. */
    public static SSLEngine[] jssePair(ThrowawayPki pki, String suite, boolean tls13) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        return Jsse.connected(org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate()), suite, tls13);
    }

    /** The same keys seen from the server, to read what the client wrote (TLV tags swapped). */
    public static ExportedKeys mirrored(byte[] tlv) {
        byte[] m = tlv.clone();
        for (int off = 0; off + 1 < m.length; off += 2 + (m[off + 1] & 0xFF)) {
            int t = m[off] & 0xFF;
            m[off] = (byte) switch (t) {
                case 3 -> 4;
                case 4 -> 3;
                case 5 -> 6;
                case 6 -> 5;
                case 7 -> 8;
                case 8 -> 7;
                case 9 -> 10;
                case 10 -> 9;
                default -> t;
            };
        }
        return ExportedKeys.parse(m);
    }

    /** JSSE: a client SSLEngine wrapping; a server SSLEngine unwrapping what the client wrapped. */
    private static final class Jsse implements Side {
        private final SSLEngine sealer;
        private final SSLEngine client;
        private final SSLEngine server;
        private final int records;
        private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        private final ByteBuffer net;
        private final ByteBuffer wire;
        private final ByteBuffer plain;

        Jsse(ThrowawayPki pki, String suite, boolean tls13, int records) throws Exception {
            this.records = records;
            ThrowawayPki.Credential s = pki.server("localhost");
            SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
            // one pair to encrypt (the records go nowhere), one to decrypt: each server sees every record its client wrote
            sealer = connected(ctx, suite, tls13)[0];
            SSLEngine[] pair = connected(ctx, suite, tls13);
            client = pair[0];
            server = pair[1];
            net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
            wire = ByteBuffer.allocate(records * net.capacity());
            plain = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        }

        /** A client and a server engine that completed a handshake with each other. */
        static SSLEngine[] connected(SSLContext ctx, String suite, boolean tls13) throws Exception {
            String[] protocol = {tls13 ? "TLSv1.3" : "TLSv1.2"};
            SSLEngine client = ctx.createSSLEngine("localhost", 443);
            client.setUseClientMode(true);
            client.setEnabledProtocols(protocol);
            client.setEnabledCipherSuites(new String[] {suite});
            SSLEngine server = ctx.createSSLEngine();
            server.setUseClientMode(false);
            server.setEnabledProtocols(protocol);
            server.setEnabledCipherSuites(new String[] {suite});
            ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
            ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
            ByteBuffer app = ByteBuffer.allocate(1 << 17);
            ByteBuffer empty = ByteBuffer.allocate(0);
            client.beginHandshake();
            server.beginHandshake();
            for (int i = 0; i < 200 && (client.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                    || server.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING); i++) {
                client.wrap(empty, c2s);
                runTasks(client);
                c2s.flip();
                server.unwrap(c2s, app);
                c2s.compact();
                app.clear();
                runTasks(server);
                server.wrap(empty, s2c);
                runTasks(server);
                s2c.flip();
                client.unwrap(s2c, app);
                s2c.compact();
                app.clear();
                runTasks(client);
            }
            if (client.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                throw new IllegalStateException("the JSSE handshake for " + suite + " did not finish");
            }
            return new SSLEngine[] {client, server};
        }

        @Override
        public double encrypt(long bytes) throws Exception {
            long t0 = System.nanoTime();
            for (long done = 0; done < bytes; done += CHUNK) {
                chunk.clear();
                net.clear();
                sealer.wrap(chunk, net);
            }
            return mbps(bytes, t0);
        }

        @Override
        public double decrypt() throws Exception {
            wire.clear();
            for (int i = 0; i < records; i++) {
                chunk.clear();
                client.wrap(chunk, wire);
            }
            wire.flip();
            long got = 0;
            long t0 = System.nanoTime();
            while (wire.hasRemaining()) {
                plain.clear();
                SSLEngineResult r = server.unwrap(wire, plain);
                if (r.bytesConsumed() == 0) {
                    break;
                }
                got += r.bytesProduced();
            }
            return mbps(got, t0);
        }
    }

    private static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
    }
}
