package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.secfunet.eap.tls.engine.AeadSuite;
import org.secfunet.pcsc.eapcard.EapCardCommands.KeyExport;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * A hostile server against the host record layer, after a key setup of the suite the first input
 * byte chooses. The server holds the keys (it is the peer of the handshake), so the fuzzer writes
 * what it likes inside well-protected records as well as around them; the rest of the input is a
 * list of steps, each an opcode then its operands:
 * <ul>
 * <li>0 raw: a 2-byte length, then that many bytes sent as they are;</li>
 * <li>1 record: a content type byte, a 2-byte length, the content, sealed with the server's keys;</li>
 * <li>2 KeyUpdate: the request byte, sealed as a handshake record, after which the server's key changes;</li>
 * <li>3 tampered: as 1, then one byte of the sealed record (position, XOR mask: two bytes) changed.</li>
 * </ul>
 * The host reads application data until the end; it must end with end of stream or an
 * {@link IOException} (a {@link TlsAlertException} for what the server did wrong), never another
 * exception, never more reads than bytes received, and write no more than it received.
 */
class HostileServerFuzzTest {
    private static final int RAW = 0;
    private static final int RECORD = 1;
    private static final int KEY_UPDATE = 2;
    private static final int TAMPERED = 3;
    /** What the host writes on its own: a no_renegotiation warning, close_notify, an alert (29 bytes each at most). */
    private static final int HOST_RECORDS = 128;

    @FuzzTest(maxDuration = "20s")
    void serverRecords(byte[] input) throws GeneralSecurityException {
        if (input.length == 0) {
            return;
        }
        AeadSuite suite = AeadSuite.values()[(input[0] & 0xFF) % AeadSuite.values().length];
        Steps steps = new Steps(input);
        RecordProtection server = serverSide(suite);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        while (steps.more()) {
            switch (steps.u8() % 4) {
                case RAW -> wire.writeBytes(steps.chunk());
                case RECORD -> wire.writeBytes(seal(server, steps.u8(), steps.chunk()));
                case KEY_UPDATE -> {
                    wire.writeBytes(seal(server, ContentType.handshake, new byte[] {HandshakeType.key_update, 0, 0, 1, (byte) steps.u8()}));
                    if (suite.tls13()) {
                        server.update();
                    }
                }
                case TAMPERED -> {
                    byte[] r = seal(server, steps.u8(), steps.chunk());
                    r[steps.u8() % r.length] ^= (byte) (steps.u8() | 1);
                    wire.writeBytes(r);
                }
            }
        }
        byte[] sent = wire.toByteArray();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        TlsConnection host = new TlsConnection(ExportedKeys.parse(keyExport(suite)), new ByteArrayInputStream(sent), back);
        byte[] buf = new byte[4096];
        boolean ended = false;
        try {
            for (int reads = 0; reads <= sent.length && !ended; reads++) {
                ended = host.read(buf, 0, buf.length) < 0;
            }
            assertThat(ended).as("reads of application data beyond the bytes received").isTrue();
        } catch (IOException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        assertThat(back.size()).isLessThanOrEqualTo(sent.length + HOST_RECORDS);
        host.dispose();
    }

    private static byte[] seal(RecordProtection server, int type, byte[] content) throws GeneralSecurityException {
        return server.seal(type, content, 0, Math.min(content.length, RecordProtection.MAX_PLAINTEXT));
    }

    /** The server's writing side: it writes with the server keys the host reads with. */
    private static RecordProtection serverSide(AeadSuite suite) {
        return suite.tls13() ? RecordProtection.tls13(suite.code, filled(suite.hash.length, 0x22), 0)
                : RecordProtection.tls12(suite.code, filled(suite.keyLength, 0x22), filled(suite.ivLength(), 0x24), 0);
    }

    /** The card's key export for this suite (RFC-sized fields, fixed bytes: the server uses the same). */
    static byte[] keyExport(AeadSuite suite) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        tlv(t, KeyExport.VERSION, new byte[] {3, (byte) (suite.tls13() ? 4 : 3)});
        tlv(t, KeyExport.CIPHER_SUITE, new byte[] {(byte) (suite.code >> 8), (byte) suite.code});
        tlv(t, KeyExport.CLIENT_SEQUENCE, new byte[8]);
        tlv(t, KeyExport.SERVER_SEQUENCE, new byte[8]);
        if (suite.tls13()) {
            tlv(t, KeyExport.CLIENT_TRAFFIC_SECRET, filled(suite.hash.length, 0x11));
            tlv(t, KeyExport.SERVER_TRAFFIC_SECRET, filled(suite.hash.length, 0x22));
        } else {
            tlv(t, KeyExport.CLIENT_WRITE_KEY, filled(suite.keyLength, 0x11));
            tlv(t, KeyExport.SERVER_WRITE_KEY, filled(suite.keyLength, 0x22));
            tlv(t, KeyExport.CLIENT_WRITE_IV, filled(suite.ivLength(), 0x13));
            tlv(t, KeyExport.SERVER_WRITE_IV, filled(suite.ivLength(), 0x24));
        }
        return t.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream t, int tag, byte[] value) {
        t.write(tag);
        t.write(value.length);
        t.writeBytes(value);
    }

    private static byte[] filled(int n, int b) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    /** The input after its first byte, read as bytes and length-prefixed chunks (cut to what is left; zero when used up). */
    private static final class Steps {
        private final byte[] in;
        private int off = 1;

        Steps(byte[] in) {
            this.in = in;
        }

        boolean more() {
            return off < in.length;
        }

        int u8() {
            return off < in.length ? in[off++] & 0xFF : 0;
        }

        byte[] chunk() {
            int len = Math.min(u8() << 8 | u8(), in.length - off);
            byte[] c = Arrays.copyOfRange(in, off, off + len);
            off += len;
            return c;
        }
    }
}
