package org.secfunet.card.eaptls;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.secfunet.eap.tls.engine.AeadSuite;
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
            AeadSuite.Hash hash = suite == 0x1302 ? AeadSuite.Hash.SHA384 : AeadSuite.Hash.SHA256;
            int keyLen = suite == 0x1301 ? 16 : 32;
            byte[] secret = server ? k.serverTrafficSecret() : k.clientTrafficSecret();
            byte[] key = hash.expandLabel(secret, "key", keyLen);
            byte[] iv = hash.expandLabel(secret, "iv", 12);
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
}
