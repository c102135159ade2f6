package org.secfunet.pcsc.eapcard;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.secfunet.apdu.StatusWord;
import org.secfunet.pcsc.eapcard.EapCardCommands.KeyExport;

/**
 * The record-layer keys the card exports once after a handshake ({@link EapCardCommands.Ins#KEY_EXPORT},
 * TLV with the tags of {@link KeyExport}, see docs/eap-card.md). {@link #wipe()} zeroes them;
 * {@code toString} never shows them.
 */
public final class ExportedKeys {
    private final Map<Integer, byte[]> fields;

    private ExportedKeys(Map<Integer, byte[]> fields) {
        this.fields = fields;
    }

    public static ExportedKeys parse(byte[] tlv) {
        Map<Integer, byte[]> m = new HashMap<>();
        int off = 0;
        while (off < tlv.length) {
            if (off + 2 > tlv.length) {
                throw new EapCardException("key export: truncated TLV", StatusWord.OK);
            }
            int tag = tlv[off] & 0xFF;
            int len = tlv[off + 1] & 0xFF;
            if (off + 2 + len > tlv.length) {
                throw new EapCardException("key export: value of tag " + tag + " overruns the data", StatusWord.OK);
            }
            m.put(tag, Arrays.copyOfRange(tlv, off + 2, off + 2 + len));
            off += 2 + len;
        }
        for (int t : new int[] {KeyExport.VERSION, KeyExport.CIPHER_SUITE, KeyExport.CLIENT_SEQUENCE, KeyExport.SERVER_SEQUENCE}) {
            if (!m.containsKey(t)) {
                throw new EapCardException("key export: tag " + t + " missing", StatusWord.OK);
            }
            int size = t == KeyExport.VERSION || t == KeyExport.CIPHER_SUITE ? KeyExport.CODE_LENGTH : KeyExport.SEQUENCE_LENGTH;
            if (m.get(t).length != size) {
                throw new EapCardException("key export: tag " + t + " holds " + m.get(t).length + " bytes, not " + size, StatusWord.OK);
            }
        }
        byte[] v = m.get(KeyExport.VERSION);
        if (v[0] != 3 || v[1] != 3 && v[1] != 4) {
            throw new EapCardException(String.format("key export: version %02X%02X is neither TLS 1.2 nor 1.3", v[0], v[1]), StatusWord.OK);
        }
        return new ExportedKeys(m);
    }

    public boolean tls13() {
        return get(KeyExport.VERSION)[1] == 4; // 03 04
    }

    public int cipherSuite() {
        byte[] s = get(KeyExport.CIPHER_SUITE);
        return ((s[0] & 0xFF) << 8) | (s[1] & 0xFF);
    }

    private byte[] get(int tag) {
        byte[] v = fields.get(tag);
        if (v == null) {
            throw new EapCardException("key export: tag " + tag + " missing", StatusWord.OK);
        }
        return v.clone();
    }

    public byte[] clientWriteKey() {
        return get(KeyExport.CLIENT_WRITE_KEY);
    }

    public byte[] serverWriteKey() {
        return get(KeyExport.SERVER_WRITE_KEY);
    }

    public byte[] clientWriteIv() {
        return get(KeyExport.CLIENT_WRITE_IV);
    }

    public byte[] serverWriteIv() {
        return get(KeyExport.SERVER_WRITE_IV);
    }

    public long clientSequence() {
        return ByteBuffer.wrap(get(KeyExport.CLIENT_SEQUENCE)).getLong();
    }

    public long serverSequence() {
        return ByteBuffer.wrap(get(KeyExport.SERVER_SEQUENCE)).getLong();
    }

    public byte[] clientTrafficSecret() {
        return get(KeyExport.CLIENT_TRAFFIC_SECRET);
    }

    public byte[] serverTrafficSecret() {
        return get(KeyExport.SERVER_TRAFFIC_SECRET);
    }

    /** The TLV form again (tags in order), to hand the session to another holder; wipe it after use. */
    public byte[] encode() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        fields.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            out.write(e.getKey());
            out.write(e.getValue().length);
            out.writeBytes(e.getValue());
        });
        return out.toByteArray();
    }

    public void wipe() {
        fields.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }

    @Override
    public String toString() {
        return "ExportedKeys[" + (tls13() ? "TLS 1.3" : "TLS 1.2") + String.format(" suite 0x%04X", cipherSuite())
                + " seq " + clientSequence() + "/" + serverSequence() + "]";
    }
}
