package org.secfunet.card.eaptls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.secfunet.eap.tls.engine.RecordKeys;
import org.secfunet.pcsc.eapcard.EapCardCommands.KeyExport;

/**
 * The SecFuNet key export (A0 8A) encoding: a list of tag ‖ length(1) ‖ value, with the tags of
 * {@link KeyExport} (the host side parses it in ExportedKeys).
 */
public final class RecordKeyExport {
    private RecordKeyExport() {
    }

    public static byte[] encode(RecordKeys k) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean tls13 = k.version().equals("TLSv1.3");
        put(out, KeyExport.VERSION, tls13 ? new byte[] {3, 4} : new byte[] {3, 3});
        put(out, KeyExport.CIPHER_SUITE, new byte[] {(byte) (k.cipherSuite() >> 8), (byte) k.cipherSuite()});
        if (tls13) {
            put(out, KeyExport.CLIENT_TRAFFIC_SECRET, k.clientSecret());
            put(out, KeyExport.SERVER_TRAFFIC_SECRET, k.serverSecret());
        } else {
            put(out, KeyExport.CLIENT_WRITE_KEY, k.clientKey());
            put(out, KeyExport.SERVER_WRITE_KEY, k.serverKey());
            put(out, KeyExport.CLIENT_WRITE_IV, k.clientIv());
            put(out, KeyExport.SERVER_WRITE_IV, k.serverIv());
        }
        put(out, KeyExport.CLIENT_SEQUENCE, ByteBuffer.allocate(8).putLong(k.clientSeq()).array());
        put(out, KeyExport.SERVER_SEQUENCE, ByteBuffer.allocate(8).putLong(k.serverSeq()).array());
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, int tag, byte[] v) {
        out.write(tag);
        out.write(v.length);
        out.writeBytes(v);
    }
}
