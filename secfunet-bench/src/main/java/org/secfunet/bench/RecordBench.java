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
import org.secfunet.tls.TlsConnection;

/**
 * {@code bench record}: bulk encryption throughput of the host record layer (the keys a card
 * exports) against a JSSE SSLEngine on the same suite (TLS 1.3, AES-128-GCM), 16 KiB records,
 * in memory, both measured in the same run.
 */
public final class RecordBench {
    private RecordBench() {
    }

    public static void run(int megabytes, Consumer<String> out) throws Exception {
        if (megabytes < 1 || megabytes > 4096) {
            throw new IllegalArgumentException("megabytes must be 1..4096");
        }
        ThrowawayPki pki = ThrowawayPki.create("bench CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        double[] ours = ours(pki, megabytes);
        double[] jsse = jsse(pki, megabytes);
        out.accept(String.format("TLS 1.3 AES-128-GCM, 16 KiB records, in memory (%d MiB encrypted, up to 128 MiB decrypted):", megabytes));
        out.accept(String.format("  encrypt: host record layer %8.0f MB/s   JSSE SSLEngine.wrap   %8.0f MB/s   ratio %.2f", ours[0], jsse[0], ours[0] / jsse[0]));
        out.accept(String.format("  decrypt: host record layer %8.0f MB/s   JSSE SSLEngine.unwrap %8.0f MB/s   ratio %.2f", ours[1], jsse[1], ours[1] / jsse[1]));
    }

    /** The same keys seen from the server, to read what the client wrote (TLV tags swapped). */
    private static ExportedKeys mirrored(byte[] tlv) {
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

    private static double[] ours(ThrowawayPki pki, int mb) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        ThrowawayPki.Credential c = pki.client("c@bench");
        TlsSettings ss = new TlsSettings(Set.of("1.3"), List.of(s.certificate()), s.key(), List.of(pki.ca().certificate()), true, null)
                .withSuites(List.of("TLS_AES_128_GCM_SHA256"));
        TlsSettings cs = new TlsSettings(Set.of("1.3"), List.of(c.certificate()), c.key(), List.of(pki.ca().certificate()), true, null);
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
        byte[] tlv = RecordKeyExport.encode(k);
        ExportedKeys keys = ExportedKeys.parse(tlv);
        long[] count = {0};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        TlsConnection conn = new TlsConnection(keys, java.io.InputStream.nullInputStream(), sink);
        byte[] chunk = new byte[16384];
        for (int i = 0; i < 2000; i++) {
            conn.write(chunk, 0, chunk.length); // warm-up
        }
        long total = (long) mb << 20;
        long t0 = System.nanoTime();
        for (long done = 0; done < total; done += chunk.length) {
            conn.write(chunk, 0, chunk.length);
        }
        double enc = total / ((System.nanoTime() - t0) / 1e9) / 1e6;
        int records = (int) Math.min(total / chunk.length, 8192);
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream(records * (chunk.length + 64));
        TlsConnection writer = new TlsConnection(ExportedKeys.parse(tlv), java.io.InputStream.nullInputStream(), wire);
        for (int i = 0; i < records; i++) {
            writer.write(chunk, 0, chunk.length);
        }
        TlsConnection reader = new TlsConnection(mirrored(tlv), new java.io.ByteArrayInputStream(wire.toByteArray()), OutputStream.nullOutputStream());
        java.io.InputStream in = reader.getInputStream();
        byte[] buf = new byte[chunk.length];
        long got = 0;
        long t1 = System.nanoTime();
        for (int n; (n = in.read(buf)) > 0; ) {
            got += n;
        }
        return new double[] {enc, got / ((System.nanoTime() - t1) / 1e9) / 1e6};
    }

    private static double[] jsse(ThrowawayPki pki, int mb) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        SSLEngine client = ctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
        SSLEngine server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
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
        ByteBuffer chunk = ByteBuffer.allocate(16384);
        ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        // decryption first: the server must see every record the client wrote, in order
        int records = (int) Math.min(((long) mb << 20) / 16384, 8192);
        ByteBuffer wire = ByteBuffer.allocate(records * net.capacity());
        for (int i = 0; i < records; i++) {
            chunk.clear();
            client.wrap(chunk, wire);
        }
        wire.flip();
        ByteBuffer plain = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        long got = 0;
        long t1 = System.nanoTime();
        while (wire.hasRemaining()) {
            plain.clear();
            SSLEngineResult r = server.unwrap(wire, plain);
            if (r.bytesConsumed() == 0) {
                break;
            }
            got += r.bytesProduced();
        }
        double dec = got / ((System.nanoTime() - t1) / 1e9) / 1e6;
        for (int i = 0; i < 2000; i++) {
            chunk.clear();
            net.clear();
            client.wrap(chunk, net);
        }
        long total = (long) mb << 20;
        long t0 = System.nanoTime();
        for (long done = 0; done < total; done += 16384) {
            chunk.clear();
            net.clear();
            client.wrap(chunk, net);
        }
        return new double[] {total / ((System.nanoTime() - t0) / 1e9) / 1e6, dec};
    }

    private static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
    }
}
