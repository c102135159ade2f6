package org.secfunet.eap.tls.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.CipherSuite;

/**
 * The cipher suites the card negotiates (AEAD only), in preference order, each with what its users
 * need: the code (IANA registry, Bouncy Castle's names), the OpenSSL name, the key exchange
 * authentication, the AEAD, key and IV lengths, and the hash of the PRF / HKDF. The constant's
 * name is the IANA name. Record protection: RFC 5288 (AES-GCM, TLS 1.2), RFC 7905 (ChaCha20-Poly1305,
 * TLS 1.2), RFC 8446 §5.3 and Appendix B.4 (TLS 1.3).
 */
public enum AeadSuite {
    TLS_AES_128_GCM_SHA256(CipherSuite.TLS_AES_128_GCM_SHA256, null, Auth.ANY, Aead.AES_GCM, 16, Hash.SHA256),
    TLS_AES_256_GCM_SHA384(CipherSuite.TLS_AES_256_GCM_SHA384, null, Auth.ANY, Aead.AES_GCM, 32, Hash.SHA384),
    TLS_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, null, Auth.ANY, Aead.CHACHA20_POLY1305, 32, Hash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256",
            Auth.ECDSA, Aead.AES_GCM, 16, Hash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ECDHE-ECDSA-AES256-GCM-SHA384",
            Auth.ECDSA, Aead.AES_GCM, 32, Hash.SHA384),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-ECDSA-CHACHA20-POLY1305",
            Auth.ECDSA, Aead.CHACHA20_POLY1305, 32, Hash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256",
            Auth.RSA, Aead.AES_GCM, 16, Hash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ECDHE-RSA-AES256-GCM-SHA384",
            Auth.RSA, Aead.AES_GCM, 32, Hash.SHA384),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-RSA-CHACHA20-POLY1305",
            Auth.RSA, Aead.CHACHA20_POLY1305, 32, Hash.SHA256);

    /** Who signs the key exchange: TLS 1.3 suites leave it to the signature schemes. */
    public enum Auth { ANY, ECDSA, RSA }

    /** The AEAD with its JCA names. */
    public enum Aead {
        AES_GCM("AES/GCM/NoPadding", "AES"), CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20");

        public final String transformation;
        public final String keyAlgorithm;

        Aead(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }
    }

    /** The suite's hash, with its HMAC's JCA name and output length. */
    public enum Hash {
        SHA256("HmacSHA256", 32), SHA384("HmacSHA384", 48);

        public final String hmac;
        public final int length;

        Hash(String hmac, int length) {
            this.hmac = hmac;
            this.length = length;
        }

        /** HKDF-Expand-Label(secret, label, "", length) of RFC 8446 §7.1 with this hash (HKDF-Expand: RFC 5869 §2.3). */
        public byte[] expandLabel(byte[] secret, String label, int length) throws GeneralSecurityException {
            byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
            byte[] info = ByteBuffer.allocate(4 + full.length).putShort((short) length).put((byte) full.length).put(full).put((byte) 0).array();
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(secret, hmac));
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
    }

    /** The per-record nonce of both AEADs (RFC 5116 N_MIN = N_MAX = 12 for these). */
    public static final int NONCE_LENGTH = 12;
    /** TLS 1.2 AES-GCM's implicit nonce part, the salt of the key block (RFC 5288 §3). */
    public static final int GCM_SALT_LENGTH = 4;

    public final int code;
    private final String openssl;
    public final Auth auth;
    public final Aead aead;
    public final int keyLength;
    public final Hash hash;

    AeadSuite(int code, String openssl, Auth auth, Aead aead, int keyLength, Hash hash) {
        this.code = code;
        this.openssl = openssl;
        this.auth = auth;
        this.aead = aead;
        this.keyLength = keyLength;
        this.hash = hash;
    }

    /** A TLS 1.3 suite (no key exchange in its name). */
    public boolean tls13() {
        return auth == Auth.ANY;
    }

    /** The IANA name. */
    public String iana() {
        return name();
    }

    /** The OpenSSL name (for TLS 1.3 suites OpenSSL uses the IANA name). */
    public String openssl() {
        return openssl == null ? name() : openssl;
    }

    /**
     * The write IV's length in the key block: TLS 1.2 GCM takes only the 4-byte salt, ChaCha20 and
     * TLS 1.3 the whole nonce.
     */
    public int ivLength() {
        return !tls13() && aead == Aead.AES_GCM ? GCM_SALT_LENGTH : NONCE_LENGTH;
    }

    /** The suite of this code; an IllegalArgumentException for a code the card never negotiates. */
    public static AeadSuite of(int code) {
        AeadSuite s = find(code);
        if (s == null) {
            throw new IllegalArgumentException(String.format("cipher suite 0x%04X is not one the card negotiates", code));
        }
        return s;
    }

    /** The suite of this code, or null. */
    public static AeadSuite find(int code) {
        for (AeadSuite s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** The IANA name of a code, or its hex form (0x1234) for a suite not in the table. */
    public static String ianaName(int code) {
        AeadSuite s = find(code);
        return s == null ? String.format("0x%04X", code) : s.iana();
    }

    /** The OpenSSL name of a code (what s_client shows), or its hex form for a suite not in the table. */
    public static String opensslName(int code) {
        AeadSuite s = find(code);
        return s == null ? String.format("0x%04X", code) : s.openssl();
    }

    /** The IANA name for an OpenSSL name of a suite in the table, or the name itself. */
    public static String ianaFor(String name) {
        for (AeadSuite s : values()) {
            if (s.openssl().equals(name)) {
                return s.iana();
            }
        }
        return name;
    }

    /** The codes of the suites of the given versions whose key exchange the given key types sign, in table order. */
    public static List<Integer> codes(boolean tls13, boolean tls12, boolean ecdsa, boolean rsa) {
        List<Integer> out = new ArrayList<>();
        for (AeadSuite s : values()) {
            boolean wanted = s.tls13() ? tls13 : tls12 && (s.auth == Auth.ECDSA ? ecdsa : rsa);
            if (wanted) {
                out.add(s.code);
            }
        }
        return out;
    }
}
