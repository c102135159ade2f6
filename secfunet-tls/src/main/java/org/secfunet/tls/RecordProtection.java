package org.secfunet.tls;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.secfunet.apdu.StatusWord;
import org.secfunet.eap.tls.engine.AeadSuite;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * One direction of the record protection: AES-GCM or ChaCha20-Poly1305, TLS 1.2 (RFC 5288 / RFC 7905
 * nonces and additional data) or TLS 1.3 (RFC 8446 §5.2, keys from the traffic secret, KeyUpdate).
 * Sequence numbers count per direction; a record never exceeds the protocol's size limits.
 */
final class RecordProtection {
    static final int MAX_PLAINTEXT = 1 << 14;
    private static final int HEADER = 5;
    private static final int TAG = 16;
    /** TLS 1.2 AES-GCM's explicit nonce (RFC 5288 §3): the record's sequence number. */
    private static final int EXPLICIT = 8;

    private final boolean tls13;
    private final boolean chacha;
    private final AeadSuite suite;
    private byte[] secret;
    private byte[] key;
    private byte[] iv;
    private long seq;
    private Cipher cipher;
    private SecretKeySpec keySpec;

    private RecordProtection(boolean tls13, int suite, byte[] key, byte[] iv, byte[] secret, long seq) {
        this.tls13 = tls13;
        this.suite = AeadSuite.of(suite);
        this.chacha = this.suite.aead == AeadSuite.Aead.CHACHA20_POLY1305;
        this.seq = seq;
        if (tls13) {
            install(secret);
        } else {
            this.key = key;
            this.iv = iv;
        }
    }

    /** Both directions of a client's record layer: it writes with the client keys and reads with the server keys. */
    record Pair(RecordProtection write, RecordProtection read, boolean tls13) {
    }

    /**
     * The client's record protection from the card's key export, which is wiped; keys of another
     * length than the suite's, or a suite the card does not negotiate, are refused.
     */
    static Pair client(ExportedKeys keys) {
        boolean tls13 = keys.tls13();
        int suite = keys.cipherSuite();
        AeadSuite s = AeadSuite.find(suite);
        if (s == null || s.tls13() != tls13) {
            keys.wipe();
            throw new EapCardException(String.format("key export: cipher suite 0x%04X is not a TLS %s suite the card negotiates",
                    suite, tls13 ? "1.3" : "1.2"), StatusWord.OK);
        }
        try {
            if (tls13) {
                return new Pair(tls13(suite, sized(keys.clientTrafficSecret(), s.hash.length, "client traffic secret"), keys.clientSequence()),
                        tls13(suite, sized(keys.serverTrafficSecret(), s.hash.length, "server traffic secret"), keys.serverSequence()), true);
            }
            return new Pair(tls12(suite, sized(keys.clientWriteKey(), s.keyLength, "client write key"),
                    sized(keys.clientWriteIv(), s.ivLength(), "client write IV"), keys.clientSequence()),
                    tls12(suite, sized(keys.serverWriteKey(), s.keyLength, "server write key"),
                            sized(keys.serverWriteIv(), s.ivLength(), "server write IV"), keys.serverSequence()), false);
        } finally {
            keys.wipe();
        }
    }

    /** A key export value of the suite's length, or a refusal: keys of another length would fail deep in the AEAD. */
    private static byte[] sized(byte[] value, int length, String what) {
        if (value.length != length) {
            Arrays.fill(value, (byte) 0);
            throw new EapCardException("key export: the " + what + " has " + value.length + " bytes, the suite needs " + length, StatusWord.OK);
        }
        return value;
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
            key = expandLabel(secret, "key", suite.keyLength);
            iv = expandLabel(secret, "iv", AeadSuite.NONCE_LENGTH);
            keySpec = null; // a new key: the next operation makes its spec
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF unavailable: " + e.getMessage(), e);
        }
    }

    /** TLS 1.3 KeyUpdate: next secret = HKDF-Expand-Label(secret, "traffic upd", "", Hash.length). */
    void update() {
        try {
            byte[] next = expandLabel(secret, "traffic upd", suite.hash.length);
            Arrays.fill(secret, (byte) 0);
            install(next);
            seq = 0;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * One protected record carrying {@code type} content, header included, made in one array: the
     * plaintext is encrypted straight from the caller's buffer into the record.
     */
    byte[] seal(int type, byte[] plain, int off, int len) throws GeneralSecurityException {
        if (len > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("record plaintext over 2^14");
        }
        if (tls13) {
            int ctLen = len + 1 + TAG;
            byte[] out = header(ContentType.application_data, ctLen);
            init(Cipher.ENCRYPT_MODE, nonce13());
            cipher.updateAAD(out, 0, HEADER);
            int n = cipher.update(plain, off, len, out, HEADER);
            cipher.doFinal(new byte[] {(byte) type}, 0, 1, out, HEADER + n);
            return out;
        }
        byte[] aad = aad12(type, len);
        if (chacha) {
            byte[] out = header(type, len + TAG);
            init(Cipher.ENCRYPT_MODE, nonce13());
            cipher.updateAAD(aad);
            cipher.doFinal(plain, off, len, out, HEADER);
            seq++;
            return out;
        }
        byte[] out = header(type, EXPLICIT + len + TAG);
        for (int i = 0; i < EXPLICIT; i++) {
            out[HEADER + i] = (byte) (seq >>> (8 * (EXPLICIT - 1 - i)));
        }
        byte[] nonce = Arrays.copyOf(iv, AeadSuite.NONCE_LENGTH);
        System.arraycopy(out, HEADER, nonce, 4, EXPLICIT);
        init(Cipher.ENCRYPT_MODE, nonce);
        cipher.updateAAD(aad);
        cipher.doFinal(plain, off, len, out, HEADER + EXPLICIT);
        seq++;
        return out;
    }

    /** A record array of {@code HEADER + length} bytes with its header filled in. */
    private static byte[] header(int type, int length) {
        byte[] out = new byte[HEADER + length];
        out[0] = (byte) type;
        out[1] = 3;
        out[2] = 3;
        out[3] = (byte) (length >> 8);
        out[4] = (byte) length;
        return out;
    }

    /**
     * Opens a record: its content type and content. The body is decrypted in place, so the
     * content is a range of {@code body}.
     */
    Opened open(byte[] header, byte[] body) throws TlsAlertException {
        try {
            if (tls13) {
                init(Cipher.DECRYPT_MODE, nonce13());
                cipher.updateAAD(header);
                int n = cipher.doFinal(body, 0, body.length, body, 0);
                int end = n - 1;
                while (end >= 0 && body[end] == 0) {
                    end--;
                }
                if (end < 0) {
                    throw new TlsAlertException("received a TLS 1.3 record without content type", AlertDescription.unexpected_message);
                }
                if (end > MAX_PLAINTEXT) {
                    throw new TlsAlertException("record plaintext over 2^14", AlertDescription.record_overflow);
                }
                return new Opened(body[end] & 0xFF, body, 0, end);
            }
            int type = header[0] & 0xFF;
            if (chacha) {
                if (body.length < TAG) {
                    throw new TlsAlertException("TLS 1.2 record too short for Poly1305", AlertDescription.decode_error);
                }
                init(Cipher.DECRYPT_MODE, nonce13());
                cipher.updateAAD(aad12(type, body.length - TAG));
                int n = cipher.doFinal(body, 0, body.length, body, 0);
                seq++;
                return new Opened(type, body, 0, n);
            }
            if (body.length < EXPLICIT + TAG) {
                throw new TlsAlertException("TLS 1.2 record too short for GCM", AlertDescription.decode_error);
            }
            byte[] nonce = Arrays.copyOf(iv, AeadSuite.NONCE_LENGTH);
            System.arraycopy(body, 0, nonce, 4, EXPLICIT);
            init(Cipher.DECRYPT_MODE, nonce);
            cipher.updateAAD(aad12(type, body.length - EXPLICIT - TAG));
            int n = cipher.doFinal(body, EXPLICIT, body.length - EXPLICIT, body, EXPLICIT);
            seq++;
            return new Opened(type, body, EXPLICIT, n);
        } catch (AEADBadTagException e) {
            throw new TlsAlertException("record authentication failed (bad_record_mac)", AlertDescription.bad_record_mac);
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException("cannot decrypt a record: " + e.getMessage(), AlertDescription.bad_record_mac);
        }
    }

    /** A record's content type and its content, {@code length} bytes of {@code buffer} from {@code offset}. */
    record Opened(int type, byte[] buffer, int offset, int length) {
        /** A copy of the content. */
        byte[] data() {
            return Arrays.copyOfRange(buffer, offset, offset + length);
        }
    }

    private byte[] aad12(int type, int len) {
        return ByteBuffer.allocate(13).putLong(seq).put((byte) type).put((byte) 3).put((byte) 3).putShort((short) len).array();
    }

    /** iv XOR sequence number; used by TLS 1.3 and by ChaCha20 in TLS 1.2. In 1.3 the count advances here. */
    private byte[] nonce13() {
        byte[] n = iv.clone();
        for (int i = 0; i < 8; i++) {
            n[n.length - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        if (tls13) {
            seq++;
        }
        return n;
    }

    /** Readies the AEAD for one record; the Cipher object and key spec are made once per key and reused. */
    private void init(int mode, byte[] nonce) throws GeneralSecurityException {
        if (cipher == null || keySpec == null) {
            cipher = Cipher.getInstance(suite.aead.transformation);
            keySpec = new SecretKeySpec(key, suite.aead.keyAlgorithm);
        }
        cipher.init(mode, keySpec, chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(TAG * 8, nonce));
    }

    private byte[] expandLabel(byte[] prk, String label, int length) throws GeneralSecurityException {
        return suite.hash.expandLabel(prk, label, length);
    }

    /** Bytes a record adds to its plaintext: header, explicit nonce, content type (1.3) and tag. */
    int overhead() {
        return HEADER + TAG + (tls13 ? 1 : chacha ? 0 : EXPLICIT);
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
