package org.secfunet.tls;

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
    /** TLS 1.2's additional data: sequence number, type, version, length. */
    private static final int AAD12 = 13;

    private final boolean tls13;
    private final boolean chacha;
    private final AeadSuite suite;
    private byte[] secret;
    private byte[] key;
    private byte[] iv;
    private long seq;
    /** Reused per record (each direction is used by one thread at a time): the nonce and TLS 1.2's additional data. */
    private final byte[] nonce = new byte[AeadSuite.NONCE_LENGTH];
    private final byte[] aad = new byte[AAD12];
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
        checkPlaintext(len);
        byte[] out = new byte[len + overhead()];
        seal(type, plain, off, len, out, 0);
        return out;
    }

    /**
     * Seals one record carrying {@code type} content into {@code out} from {@code outOff}, header
     * included, and returns its length ({@code len + }{@link #overhead()}); {@code out} must have that
     * room. {@code plain} may be {@code out} itself.
     */
    int seal(int type, byte[] plain, int off, int len, byte[] out, int outOff) throws GeneralSecurityException {
        checkPlaintext(len);
        int body = outOff + HEADER;
        if (tls13) {
            int ctLen = len + 1 + TAG;
            header(out, outOff, ContentType.application_data, ctLen);
            // one pass in place (the content type follows the plaintext): faster than update plus a 1-byte doFinal
            System.arraycopy(plain, off, out, body, len);
            out[body + len] = (byte) type;
            init(Cipher.ENCRYPT_MODE, nonce13());
            cipher.updateAAD(out, outOff, HEADER);
            cipher.doFinal(out, body, len + 1, out, body);
            return HEADER + ctLen;
        }
        if (chacha) {
            header(out, outOff, type, len + TAG);
            init(Cipher.ENCRYPT_MODE, nonce13());
            cipher.updateAAD(aad12(type, len), 0, AAD12);
            cipher.doFinal(plain, off, len, out, body);
            seq++;
            return HEADER + len + TAG;
        }
        header(out, outOff, type, EXPLICIT + len + TAG);
        for (int i = 0; i < EXPLICIT; i++) {
            out[body + i] = (byte) (seq >>> (8 * (EXPLICIT - 1 - i)));
        }
        init(Cipher.ENCRYPT_MODE, nonce12(out, body));
        cipher.updateAAD(aad12(type, len), 0, AAD12);
        cipher.doFinal(plain, off, len, out, body + EXPLICIT);
        seq++;
        return HEADER + EXPLICIT + len + TAG;
    }

    private static void checkPlaintext(int len) {
        if (len > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("record plaintext over 2^14");
        }
    }

    /** A record header: type, legacy version 3.3, length. */
    private static void header(byte[] out, int off, int type, int length) {
        out[off] = (byte) type;
        out[off + 1] = 3;
        out[off + 2] = 3;
        out[off + 3] = (byte) (length >> 8);
        out[off + 4] = (byte) length;
    }

    /**
     * Opens a record: its content type and content. The body is decrypted in place, so the
     * content is a range of {@code body}.
     */
    Opened open(byte[] header, byte[] body) throws TlsAlertException {
        return open(header, 0, body, 0, body.length, body, !tls13 && !chacha ? EXPLICIT : 0);
    }

    /**
     * Opens the record at {@code record[off]} (header, then {@code bodyLength} bytes of body),
     * decrypting into {@code dst} from {@code dstOff}, which must hold {@code bodyLength} bytes:
     * decrypting into another array is about twice as fast as in place with the JDK's AEADs.
     */
    Opened open(byte[] record, int off, int bodyLength, byte[] dst, int dstOff) throws TlsAlertException {
        return open(record, off, record, off + HEADER, bodyLength, dst, dstOff);
    }

    private Opened open(byte[] header, int hOff, byte[] body, int bOff, int bLen, byte[] dst, int dstOff) throws TlsAlertException {
        try {
            if (tls13) {
                init(Cipher.DECRYPT_MODE, nonce13());
                cipher.updateAAD(header, hOff, HEADER);
                int n = cipher.doFinal(body, bOff, bLen, dst, dstOff);
                int end = dstOff + n - 1;
                while (end >= dstOff && dst[end] == 0) {
                    end--;
                }
                if (end < dstOff) {
                    throw new TlsAlertException("received a TLS 1.3 record without content type", AlertDescription.unexpected_message);
                }
                if (end - dstOff > MAX_PLAINTEXT) {
                    throw new TlsAlertException("record plaintext over 2^14", AlertDescription.record_overflow);
                }
                return new Opened(dst[end] & 0xFF, dst, dstOff, end - dstOff);
            }
            int type = header[hOff] & 0xFF;
            if (chacha) {
                if (bLen < TAG) {
                    throw new TlsAlertException("TLS 1.2 record too short for Poly1305", AlertDescription.decode_error);
                }
                init(Cipher.DECRYPT_MODE, nonce13());
                cipher.updateAAD(aad12(type, bLen - TAG), 0, AAD12);
                int n = cipher.doFinal(body, bOff, bLen, dst, dstOff);
                seq++;
                return new Opened(type, dst, dstOff, n);
            }
            if (bLen < EXPLICIT + TAG) {
                throw new TlsAlertException("TLS 1.2 record too short for GCM", AlertDescription.decode_error);
            }
            init(Cipher.DECRYPT_MODE, nonce12(body, bOff));
            cipher.updateAAD(aad12(type, bLen - EXPLICIT - TAG), 0, AAD12);
            int n = cipher.doFinal(body, bOff + EXPLICIT, bLen - EXPLICIT, dst, dstOff);
            seq++;
            return new Opened(type, dst, dstOff, n);
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

    /** TLS 1.2's additional data (RFC 5246 §6.2.3.3), in this direction's reused array. */
    private byte[] aad12(int type, int len) {
        byte[] a = aad;
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (seq >>> (8 * (7 - i)));
        }
        a[8] = (byte) type;
        a[9] = 3;
        a[10] = 3;
        a[11] = (byte) (len >> 8);
        a[12] = (byte) len;
        return a;
    }

    /** iv XOR sequence number; used by TLS 1.3 and by ChaCha20 in TLS 1.2. In 1.3 the count advances here. */
    private byte[] nonce13() {
        byte[] n = nonce;
        System.arraycopy(iv, 0, n, 0, AeadSuite.NONCE_LENGTH);
        for (int i = 0; i < 8; i++) {
            n[n.length - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        if (tls13) {
            seq++;
        }
        return n;
    }

    /** TLS 1.2 AES-GCM's nonce: the 4-byte implicit IV, then the record's explicit nonce at {@code src[off]}. */
    private byte[] nonce12(byte[] src, int off) {
        byte[] n = nonce;
        System.arraycopy(iv, 0, n, 0, 4);
        System.arraycopy(src, off, n, 4, EXPLICIT);
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
        for (byte[] b : new byte[][] {key, iv, secret, nonce}) {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }
}
