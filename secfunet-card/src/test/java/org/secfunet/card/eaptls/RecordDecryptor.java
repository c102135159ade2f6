package org.secfunet.card.eaptls;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/** Test-side record decryption with exported keys (RFC 5288 for TLS 1.2, RFC 8446 §5.2 for 1.3). */
final class RecordDecryptor {
    private RecordDecryptor() {
    }

    /** Decrypts one record written by the server, at the server sequence number the card exported. */
    static byte[] serverRecord(ExportedKeys k, byte[] record) throws Exception {
        return record(k, record, true);
    }

    /** Decrypts one record written by the client. */
    static byte[] clientRecord(ExportedKeys k, byte[] record) throws Exception {
        return record(k, record, false);
    }

    private static byte[] record(ExportedKeys k, byte[] record, boolean server) throws Exception {
        int suite = k.cipherSuite();
        boolean chacha = suite == 0x1303 || suite == 0xCCA8 || suite == 0xCCA9;
        long seq = server ? k.serverSequence() : k.clientSequence();
        byte[] header = Arrays.copyOf(record, 5);
        if (k.tls13()) {
            String hmac = suite == 0x1302 ? "HmacSHA384" : "HmacSHA256";
            int keyLen = suite == 0x1301 ? 16 : 32;
            byte[] secret = server ? k.serverTrafficSecret() : k.clientTrafficSecret();
            byte[] key = expandLabel(hmac, secret, "key", keyLen);
            byte[] iv = expandLabel(hmac, secret, "iv", 12);
            for (int i = 0; i < 8; i++) {
                iv[11 - i] ^= (byte) (seq >>> (8 * i));
            }
            byte[] inner = open(chacha, key, iv, header, Arrays.copyOfRange(record, 5, record.length));
            int end = inner.length - 1;
            while (end > 0 && inner[end] == 0) {
                end--;
            }
            return Arrays.copyOf(inner, end); // drop the content type byte
        }
        byte[] key = server ? k.serverWriteKey() : k.clientWriteKey();
        byte[] fixed = server ? k.serverWriteIv() : k.clientWriteIv();
        byte[] nonce;
        byte[] ct;
        if (chacha) {
            nonce = fixed.clone();
            for (int i = 0; i < 8; i++) {
                nonce[11 - i] ^= (byte) (seq >>> (8 * i));
            }
            ct = Arrays.copyOfRange(record, 5, record.length);
        } else {
            nonce = ByteBuffer.allocate(12).put(fixed).put(record, 5, 8).array();
            ct = Arrays.copyOfRange(record, 13, record.length);
        }
        int plainLen = ct.length - 16;
        byte[] aad = ByteBuffer.allocate(13).putLong(seq).put(record[0]).put(record[1]).put(record[2]).putShort((short) plainLen).array();
        return open(chacha, key, nonce, aad, ct);
    }

    private static byte[] open(boolean chacha, byte[] key, byte[] nonce, byte[] aad, byte[] ct) throws Exception {
        Cipher c;
        if (chacha) {
            c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        } else {
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        }
        c.updateAAD(aad);
        return c.doFinal(ct);
    }

    /** HKDF-Expand-Label(secret, label, "", length) of RFC 8446 §7.1. */
    static byte[] expandLabel(String hmac, byte[] secret, String label, int length) throws Exception {
        byte[] full = ("tls13 " + label).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] info = ByteBuffer.allocate(2 + 1 + full.length + 1).putShort((short) length).put((byte) full.length).put(full).put((byte) 0).array();
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(secret, hmac));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int off = 0;
        for (int i = 1; off < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - off);
            System.arraycopy(t, 0, out, off, n);
            off += n;
        }
        return out;
    }
}
