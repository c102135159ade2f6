package org.secfunet.card.eaptls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.secfunet.eap.tls.engine.RecordKeys;

/**
 * The SecFuNet key export (A0 8A) encoding: a list of tag ‖ length(1) ‖ value. Tags: 01 version
 * (0303 / 0304), 02 cipher suite, 03 client write key, 04 server write key, 05 client write IV
 * (TLS 1.2 salt), 06 server write IV, 07 next client sequence number (8), 08 next server sequence
 * number (8), 09 client application traffic secret (1.3), 0A server application traffic secret (1.3).
 */
public final class RecordKeyExport {
    private RecordKeyExport() {
    }

    public static byte[] encode(RecordKeys k) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean tls13 = k.version().equals("TLSv1.3");
        put(out, 0x01, tls13 ? new byte[] {3, 4} : new byte[] {3, 3});
        put(out, 0x02, new byte[] {(byte) (k.cipherSuite() >> 8), (byte) k.cipherSuite()});
        if (tls13) {
            put(out, 0x09, k.clientSecret());
            put(out, 0x0A, k.serverSecret());
        } else {
            put(out, 0x03, k.clientKey());
            put(out, 0x04, k.serverKey());
            put(out, 0x05, k.clientIv());
            put(out, 0x06, k.serverIv());
        }
        put(out, 0x07, ByteBuffer.allocate(8).putLong(k.clientSeq()).array());
        put(out, 0x08, ByteBuffer.allocate(8).putLong(k.serverSeq()).array());
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, int tag, byte[] v) {
        out.write(tag);
        out.write(v.length);
        out.writeBytes(v);
    }
}
