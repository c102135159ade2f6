package org.secfunet.bench;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManagerFactory;
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
        double ours = ours(pki, megabytes);
        double jsse = jsse(pki, megabytes);
        out.accept(String.format("TLS 1.3 AES-128-GCM, 16 KiB records, %d MiB encrypted in memory:", megabytes));
        out.accept(String.format("  host record layer (card-exported keys)  %8.0f MB/s", ours));
        out.accept(String.format("  JSSE SSLEngine.wrap                     %8.0f MB/s   ratio %.2f", jsse, ours / jsse));
    }

    private static double ours(ThrowawayPki pki, int mb) throws Exception {
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
        ExportedKeys keys = ExportedKeys.parse(RecordKeyExport.encode(k));
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
        return total / ((System.nanoTime() - t0) / 1e9) / 1e6;
    }

    private static double jsse(ThrowawayPki pki, int mb) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("s", s.key(), new char[0], new java.security.cert.Certificate[] {s.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
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
        return total / ((System.nanoTime() - t0) / 1e9) / 1e6;
    }

    private static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
    }
}
