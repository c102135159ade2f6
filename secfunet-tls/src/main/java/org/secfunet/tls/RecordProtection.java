package org.secfunet.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of the record protection: AES-GCM or ChaCha20-Poly1305, TLS 1.2 (RFC 5288 / RFC 7905
 * nonces and additional data) or TLS 1.3 (RFC 8446 §5.2, keys from the traffic secret, KeyUpdate).
 * Sequence numbers count per direction; a record never exceeds the protocol's size limits.
 */
final class RecordProtection {
    static final int MAX_PLAINTEXT = 1 << 14;

    private final boolean tls13;
    private final boolean chacha;
    private final String hmac;
    private final int keyLen;
    private byte[] secret;
    private byte[] key;
    private byte[] iv;
    private long seq;
    private Cipher cipher;
    private SecretKeySpec keySpec;

    private RecordProtection(boolean tls13, int suite, byte[] key, byte[] iv, byte[] secret, long seq) {
        this.tls13 = tls13;
        this.chacha = suite == 0x1303 || suite == 0xCCA8 || suite == 0xCCA9;
        this.hmac = suite == 0x1302 || suite == 0xC02C || suite == 0xC030 ? "HmacSHA384" : "HmacSHA256";
        this.keyLen = suite == 0x1301 || suite == 0xC02B || suite == 0xC02F ? 16 : 32;
        this.seq = seq;
        if (tls13) {
            install(secret);
        } else {
            this.key = key;
            this.iv = iv;
        }
    }

    static RecordProtection tls12(int suite, byte[] key, byte[] iv, long seq) {
        return new RecordProtection(false, suite, key, iv, null, seq);
    }

    static RecordProtection tls13(int suite, byte[] secret, long seq) {
        return new RecordProtection(true, suite, null, null, secret, seq);
    }

    private void install(byte[] newSecret) {
        try {
            secret = newSecret;
            key = expandLabel(secret, "key", keyLen);
            iv = expandLabel(secret, "iv", 12);
            keySpec = null; // a new key: the next operation makes its spec
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF unavailable: " + e.getMessage(), e);
        }
    }

    /** TLS 1.3 KeyUpdate: next secret = HKDF-Expand-Label(secret, "traffic upd", "", Hash.length). */
    void update() {
        try {
            byte[] next = expandLabel(secret, "traffic upd", hmac.equals("HmacSHA384") ? 48 : 32);
            Arrays.fill(secret, (byte) 0);
            install(next);
            seq = 0;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF unavailable: " + e.getMessage(), e);
        }
    }

    /** One protected record carrying {@code type} content. */
    byte[] seal(int type, byte[] plain, int off, int len) throws GeneralSecurityException {
        if (len > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("record plaintext over 2^14");
        }
        if (tls13) {
            byte[] inner = Arrays.copyOfRange(plain, off, off + len + 1);
            inner[len] = (byte) type;
            int ctLen = inner.length + 16;
            byte[] header = {23, 3, 3, (byte) (ctLen >> 8), (byte) ctLen};
            byte[] ct = cipher(Cipher.ENCRYPT_MODE, nonce13(), header, inner);
            return concat(header, ct);
        }
        byte[] aad = aad12(type, len);
        if (chacha) {
            byte[] ct = cipher(Cipher.ENCRYPT_MODE, nonce13(), aad, Arrays.copyOfRange(plain, off, off + len));
            byte[] header = {(byte) type, 3, 3, (byte) (ct.length >> 8), (byte) ct.length};
            seq++;
            return concat(header, ct);
        }
        byte[] explicit = ByteBuffer.allocate(8).putLong(seq).array();
        byte[] nonce = concat(iv, explicit);
        byte[] ct = cipher(Cipher.ENCRYPT_MODE, nonce, aad, Arrays.copyOfRange(plain, off, off + len));
        int total = 8 + ct.length;
        byte[] header = {(byte) type, 3, 3, (byte) (total >> 8), (byte) total};
        seq++;
        return concat(concat(header, explicit), ct);
    }

    /** Opens a record: returns {type, plaintext...} as the content type and the content. */
    Opened open(byte[] header, byte[] body) throws TlsAlertException {
        try {
            if (tls13) {
                byte[] inner = cipher(Cipher.DECRYPT_MODE, nonce13(), header, body);
                int end = inner.length - 1;
                while (end >= 0 && inner[end] == 0) {
                    end--;
                }
                if (end < 0) {
                    throw new TlsAlertException("received a TLS 1.3 record without content type", Alerts.UNEXPECTED_MESSAGE);
                }
                if (end > MAX_PLAINTEXT) {
                    throw new TlsAlertException("record plaintext over 2^14", Alerts.RECORD_OVERFLOW);
                }
                return new Opened(inner[end] & 0xFF, Arrays.copyOf(inner, end));
            }
            int type = header[0] & 0xFF;
            if (chacha) {
                byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce13(), aad12(type, body.length - 16), body);
                seq++;
                return new Opened(type, plain);
            }
            if (body.length < 8 + 16) {
                throw new TlsAlertException("TLS 1.2 record too short for GCM", Alerts.DECODE_ERROR);
            }
            byte[] nonce = concat(iv, Arrays.copyOf(body, 8));
            byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce, aad12(type, body.length - 8 - 16), Arrays.copyOfRange(body, 8, body.length));
            seq++;
            return new Opened(type, plain);
        } catch (AEADBadTagException e) {
            throw new TlsAlertException("record authentication failed (bad_record_mac)", Alerts.BAD_RECORD_MAC);
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException("cannot decrypt a record: " + e.getMessage(), Alerts.BAD_RECORD_MAC);
        }
    }

    record Opened(int type, byte[] data) {
    }

    private byte[] aad12(int type, int len) {
        return ByteBuffer.allocate(13).putLong(seq).put((byte) type).put((byte) 3).put((byte) 3).putShort((short) len).array();
    }

    /** iv XOR sequence number; used by TLS 1.3 and by ChaCha20 in TLS 1.2. In 1.3 the count advances here. */
    private byte[] nonce13() {
        byte[] n = iv.clone();
        for (int i = 0; i < 8; i++) {
            n[11 - i] ^= (byte) (seq >>> (8 * i));
        }
        if (tls13) {
            seq++;
        }
        return n;
    }

    /** One AEAD operation; the Cipher object and key spec are made once per key and reused. */
    private byte[] cipher(int mode, byte[] nonce, byte[] aad, byte[] data) throws GeneralSecurityException {
        if (cipher == null || keySpec == null) {
            cipher = Cipher.getInstance(chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
            keySpec = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
        }
        cipher.init(mode, keySpec, chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(data);
    }

    private byte[] expandLabel(byte[] prk, String label, int length) throws GeneralSecurityException {
        byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = ByteBuffer.allocate(4 + full.length).putShort((short) length).put((byte) full.length).put(full).put((byte) 0).array();
        Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(prk, hmac));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        for (int i = 1, off = 0; off < length; i++) {
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

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    long sequence() {
        return seq;
    }

    void wipe() {
        for (byte[] b : new byte[][] {key, iv, secret}) {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }
}
