package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secfunet.eap.tls.engine.AeadSuite;
import org.secfunet.pcsc.eapcard.EapCardCommands.KeyExport;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * Two record engines facing each other (the second one's keys swapped, so it plays the server):
 * records cut at every place, KeyUpdate both ways, and hostile records, with no network.
 */
class RecordEnginePairTest {
    /** The client's engine and its mirror, for a suite with fixed random keys. */
    private static RecordEngine[] pair(AeadSuite suite, long seed) {
        Random r = new Random(seed);
        byte[] ck = new byte[suite.tls13() ? suite.hash.length : suite.keyLength];
        byte[] sk = new byte[ck.length];
        byte[] civ = new byte[suite.ivLength()];
        byte[] siv = new byte[suite.ivLength()];
        r.nextBytes(ck);
        r.nextBytes(sk);
        r.nextBytes(civ);
        r.nextBytes(siv);
        return new RecordEngine[] {new RecordEngine(keys(suite, ck, sk, civ, siv)), new RecordEngine(keys(suite, sk, ck, siv, civ))};
    }

    private static ExportedKeys keys(AeadSuite suite, byte[] clientKey, byte[] serverKey, byte[] clientIv, byte[] serverIv) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        tlv(t, KeyExport.VERSION, new byte[] {3, (byte) (suite.tls13() ? 4 : 3)});
        tlv(t, KeyExport.CIPHER_SUITE, new byte[] {(byte) (suite.code >> 8), (byte) suite.code});
        tlv(t, KeyExport.CLIENT_SEQUENCE, new byte[8]);
        tlv(t, KeyExport.SERVER_SEQUENCE, new byte[8]);
        if (suite.tls13()) {
            tlv(t, KeyExport.CLIENT_TRAFFIC_SECRET, clientKey);
            tlv(t, KeyExport.SERVER_TRAFFIC_SECRET, serverKey);
        } else {
            tlv(t, KeyExport.CLIENT_WRITE_KEY, clientKey);
            tlv(t, KeyExport.SERVER_WRITE_KEY, serverKey);
            tlv(t, KeyExport.CLIENT_WRITE_IV, clientIv);
            tlv(t, KeyExport.SERVER_WRITE_IV, serverIv);
        }
        return ExportedKeys.parse(t.toByteArray());
    }

    private static void tlv(ByteArrayOutputStream t, int tag, byte[] v) {
        t.write(tag);
        t.write(v.length);
        t.writeBytes(v);
    }

    /** Everything {@code from} has to send, sealing {@code data}. */
    private static byte[] sealAll(RecordEngine from, byte[] data) throws IOException {
        ByteBuffer app = ByteBuffer.wrap(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer net = ByteBuffer.allocate(RecordEngine.MAX_RECORD);
        do {
            net.clear();
            from.seal(app, net);
            out.write(net.array(), 0, net.position());
        } while (app.hasRemaining() || from.hasOutput());
        return out.toByteArray();
    }

    /** Feeds {@code wire} to {@code to} in random pieces; what came out. */
    private static byte[] openAll(RecordEngine to, byte[] wire, Random r) throws IOException {
        ByteBuffer net = ByteBuffer.allocate(wire.length + 5);
        ByteBuffer app = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fed = 0;
        for (int guard = 0; guard < 1_000_000; guard++) {
            net.flip();
            RecordEngine.Result res = to.open(net, app);
            net.compact();
            out.write(app.array(), 0, app.position());
            app.clear();
            if (res.status() == RecordEngine.Status.BUFFER_UNDERFLOW) {
                if (fed == wire.length) {
                    return out.toByteArray();
                }
                int n = Math.min(wire.length - fed, 1 + r.nextInt(3000));
                net.put(wire, fed, n);
                fed += n;
            }
            assertThat(res.status()).isNotEqualTo(RecordEngine.Status.BUFFER_OVERFLOW);
        }
        throw new AssertionError("not bounded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void dataCutAnywhereArrivesWhole(String name) throws Exception {
        RecordEngine[] p = pair(AeadSuite.valueOf(name), 1);
        Random r = new Random(2);
        for (int round = 0; round < 5; round++) {
            byte[] data = new byte[r.nextInt(3 * RecordEngine.MAX_PLAINTEXT)];
            r.nextBytes(data);
            assertThat(openAll(p[1], sealAll(p[0], data), r)).isEqualTo(data);
            assertThat(openAll(p[0], sealAll(p[1], data), r)).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"})
    void keyUpdatesBothWaysKeepTheConnection(String name) throws Exception {
        RecordEngine[] p = pair(AeadSuite.valueOf(name), 3);
        Random r = new Random(4);
        for (int i = 0; i < 3; i++) {
            p[0].updateKeys(true); // ours updated, the peer asked to update its own
            byte[] data = ("after update " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(openAll(p[1], sealAll(p[0], data), r)).isEqualTo(data);
            assertThat(p[1].keyUpdatesReceived()).isEqualTo(i + 1);
            assertThat(p[1].hasOutput()).as("the requested answer waits").isTrue();
            assertThat(openAll(p[0], sealAll(p[1], data), r)).as("answered, then data under the new key").isEqualTo(data);
            assertThat(p[0].keyUpdatesReceived()).isEqualTo(i + 1);
            assertThat(p[0].hasOutput()).as("an answer is never answered").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void hostileRecordsEndInAnAlertAndNothingElse(String name) throws Exception {
        Random r = new Random(5);
        for (int i = 0; i < 300; i++) {
            RecordEngine e = pair(AeadSuite.valueOf(name), i)[0];
            int len = r.nextInt(i % 3 == 0 ? 70_000 : 300) & 0xFFFF;
            byte[] rec = new byte[5 + Math.min(len, 20_000)];
            r.nextBytes(rec);
            rec[0] = (byte) (20 + r.nextInt(4));
            rec[1] = 3;
            rec[3] = (byte) (len >> 8);
            rec[4] = (byte) len;
            ByteBuffer net = ByteBuffer.wrap(rec);
            try {
                RecordEngine.Result res = e.open(net, ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT));
                assertThat(res.status()).as("only a short record is not refused at once").isEqualTo(RecordEngine.Status.BUFFER_UNDERFLOW);
            } catch (TlsAlertException expected) {
                assertThat(e.inboundDone()).isTrue();
                assertThat(e.hasOutput()).as("the fatal alert waits").isTrue();
                assertThat(e.open(ByteBuffer.wrap(rec), ByteBuffer.allocate(100)).status()).isEqualTo(RecordEngine.Status.CLOSED);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"})
    void closeNotifyEndsEachDirection(String name) throws Exception {
        RecordEngine[] p = pair(AeadSuite.valueOf(name), 6);
        p[0].closeOutbound();
        byte[] wire = sealAll(p[0], new byte[0]);
        assertThat(p[0].outboundDone()).isTrue();
        ByteBuffer net = ByteBuffer.wrap(wire);
        assertThat(p[1].open(net, ByteBuffer.allocate(100)).status()).isEqualTo(RecordEngine.Status.CLOSED);
        assertThat(p[1].inboundDone()).isTrue();
        assertThat(p[0].seal(ByteBuffer.wrap(new byte[5]), ByteBuffer.allocate(100)).status()).isEqualTo(RecordEngine.Status.CLOSED);
        byte[] back = sealAll(p[1], "still open".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(openAll(p[0], back, new Random(7))).as("half-closed: the other way goes on").isEqualTo("still open".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (!p[1].tls13()) {
            assertThatThrownBy(() -> p[1].updateKeys(true)).as("TLS 1.2 has no KeyUpdate").isInstanceOf(IllegalStateException.class);
        }
    }
}
