package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secfunet.eap.tls.engine.AeadSuite;
import org.secfunet.pcsc.eapcard.EapCardCommands.KeyExport;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * {@link RecordEngine} seals and opens the same records whatever buffers it is given: heap
 * buffers, slices at an offset of their array, direct and read-only buffers (which have no array).
 */
class RecordEngineBuffersTest {
    private static final int DATA = 2 * RecordEngine.MAX_PLAINTEXT + 777;

    /** Buffer makers: heap, a slice at offset 3 of a larger array, direct. */
    private static final java.util.List<IntFunction<ByteBuffer>> KINDS = java.util.List.of(
            ByteBuffer::allocate,
            n -> ByteBuffer.allocate(n + 10).position(3).slice().limit(n),
            ByteBuffer::allocateDirect);

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void everyKindOfBufferGivesTheSameRecords(String name) throws Exception {
        AeadSuite suite = AeadSuite.valueOf(name);
        byte[] data = new byte[DATA];
        new Random(7).nextBytes(data);
        byte[] reference = null;
        for (IntFunction<ByteBuffer> appKind : KINDS) {
            for (boolean readOnly : new boolean[] {false, true}) {
                for (IntFunction<ByteBuffer> netKind : KINDS) {
                    RecordEngine[] p = pair(suite);
                    ByteBuffer app = appKind.apply(DATA).put(data).flip();
                    byte[] wire = sealAll(p[0], readOnly ? app.asReadOnlyBuffer() : app, netKind);
                    if (reference == null) {
                        reference = wire;
                    }
                    assertThat(wire).isEqualTo(reference);
                    for (IntFunction<ByteBuffer> openKind : KINDS) {
                        assertThat(openAll(pair(suite)[1], wire, openKind)).isEqualTo(data);
                    }
                }
            }
        }
    }

    private static byte[] sealAll(RecordEngine from, ByteBuffer app, IntFunction<ByteBuffer> netKind) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer net = netKind.apply(RecordEngine.MAX_RECORD);
        for (int guard = 0; guard < 100 && app.hasRemaining(); guard++) {
            net.clear();
            from.seal(app, net);
            net.flip();
            byte[] b = new byte[net.remaining()];
            net.get(b);
            out.writeBytes(b);
        }
        assertThat(app.hasRemaining()).isFalse();
        return out.toByteArray();
    }

    /** Opens {@code wire} from a buffer of the given kind (read-only, to show no byte of it is written). */
    private static byte[] openAll(RecordEngine to, byte[] wire, IntFunction<ByteBuffer> kind) throws IOException {
        ByteBuffer filled = kind.apply(wire.length).put(wire).flip();
        ByteBuffer net = filled.isDirect() ? filled.asReadOnlyBuffer() : filled;
        ByteBuffer app = kind.apply(RecordEngine.MAX_PLAINTEXT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int guard = 0; guard < 100 && net.hasRemaining(); guard++) {
            app.clear();
            RecordEngine.Result r = to.open(net, app);
            assertThat(r.status()).isEqualTo(RecordEngine.Status.OK);
            app.flip();
            byte[] b = new byte[app.remaining()];
            app.get(b);
            out.writeBytes(b);
        }
        assertThat(net.hasRemaining()).isFalse();
        filled.rewind();
        byte[] after = new byte[wire.length];
        filled.get(after);
        assertThat(after).as("the records read are left as they were").isEqualTo(wire);
        return out.toByteArray();
    }

    /** The client's engine and its mirror, for fixed keys. */
    private static RecordEngine[] pair(AeadSuite suite) {
        Random r = new Random(42);
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
}
