package org.secfunet.radius.packet;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * MS-MPPE-Send-Key and MS-MPPE-Recv-Key (RFC 2548 §2.4.2–2.4.3): the MSK travels to the
 * authenticator in an Access-Accept, encrypted with the shared secret and the Request
 * Authenticator of the Access-Request being answered.
 *
 * <p>The vendor data is {@code Salt(2) ‖ String}. The plaintext is {@code keylen(1) ‖ key ‖ zero
 * padding} up to a multiple of 16; with {@code b1 = MD5(secret ‖ RequestAuth ‖ Salt)},
 * {@code bi = MD5(secret ‖ c(i−1))}, each block is {@code ci = pi XOR bi}. The Salt's most
 * significant bit is set; Send and Recv in one packet use different salts.
 *
 * <p>MSK mapping (RFC 5216 §2.3): Recv-Key = MSK[0..31], Send-Key = MSK[32..63].
 */
public final class Mppe {
    public static final int SALT_LENGTH = 2;
    public static final int MSK_LENGTH = 64;
    /** The key length the MSK mapping uses for each half. */
    public static final int KEY_LENGTH = 32;
    /** The longest key whose Salt ‖ String fits in one Vendor-Specific attribute (240-byte String). */
    public static final int MAX_KEY_LENGTH = 239;

    private static final int BLOCK = 16;

    private Mppe() {
    }

    /** Two random salt bytes with the most significant bit set. */
    public static byte[] newSalt(SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        salt[0] |= (byte) 0x80;
        return salt;
    }

    /**
     * {@code Salt ‖ String} for a key (1..239 bytes). The salt must be 2 bytes with its top bit set
     * (IllegalArgumentException otherwise).
     */
    public static byte[] encrypt(byte[] key, byte[] salt, byte[] secret, byte[] requestAuthenticator) {
        RadiusDigests.checkSecret(secret);
        RadiusDigests.checkAuthenticator(requestAuthenticator, "Request Authenticator");
        if (salt.length != SALT_LENGTH || (salt[0] & 0x80) == 0) {
            throw new IllegalArgumentException("an MPPE salt is 2 bytes with the most significant bit set");
        }
        if (key.length < 1 || key.length > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an MPPE key is 1.." + MAX_KEY_LENGTH + " bytes, got " + key.length);
        }
        int padded = (1 + key.length + BLOCK - 1) / BLOCK * BLOCK;
        byte[] out = new byte[SALT_LENGTH + padded];
        out[0] = salt[0];
        out[1] = salt[1];
        out[2] = (byte) key.length;
        System.arraycopy(key, 0, out, 3, key.length);
        byte[] b = RadiusDigests.md5(secret, requestAuthenticator, salt);
        for (int off = SALT_LENGTH; off < out.length; off += BLOCK) {
            for (int i = 0; i < BLOCK; i++) {
                out[off + i] ^= b[i];
            }
            b = RadiusDigests.md5(secret, Arrays.copyOfRange(out, off, off + BLOCK));
        }
        return out;
    }

    /**
     * The key from {@code Salt ‖ String}. A String that is empty or not a multiple of 16 bytes, a
     * salt without its top bit, or a decrypted key length of 0 or beyond the plaintext is a
     * {@link RadiusFormatException} (usually a wrong secret or Request Authenticator).
     */
    public static byte[] decrypt(byte[] saltAndString, byte[] secret, byte[] requestAuthenticator) {
        RadiusDigests.checkSecret(secret);
        RadiusDigests.checkAuthenticator(requestAuthenticator, "Request Authenticator");
        int stringLength = saltAndString.length - SALT_LENGTH;
        if (stringLength < BLOCK || stringLength % BLOCK != 0) {
            throw new RadiusFormatException("MS-MPPE key of " + saltAndString.length
                    + " bytes: expected a 2-byte salt and a non-empty multiple of 16 bytes");
        }
        if ((saltAndString[0] & 0x80) == 0) {
            throw new RadiusFormatException("MS-MPPE key salt without its most significant bit set");
        }
        byte[] plain = new byte[stringLength];
        byte[] b = RadiusDigests.md5(secret, requestAuthenticator, Arrays.copyOf(saltAndString, SALT_LENGTH));
        for (int off = 0; off < stringLength; off += BLOCK) {
            for (int i = 0; i < BLOCK; i++) {
                plain[off + i] = (byte) (saltAndString[SALT_LENGTH + off + i] ^ b[i]);
            }
            b = RadiusDigests.md5(secret, Arrays.copyOfRange(saltAndString, SALT_LENGTH + off, SALT_LENGTH + off + BLOCK));
        }
        int keyLength = plain[0] & 0xFF;
        if (keyLength == 0 || keyLength > stringLength - 1) {
            Arrays.fill(plain, (byte) 0);
            throw new RadiusFormatException("MS-MPPE key length " + keyLength + " does not fit the " + (stringLength - 1)
                    + " decrypted bytes (wrong secret or Request Authenticator?)");
        }
        byte[] key = Arrays.copyOfRange(plain, 1, 1 + keyLength);
        Arrays.fill(plain, (byte) 0);
        return key;
    }

    /** An MS-MPPE-Send-Key Vendor-Specific attribute (vendor 311, type 16). */
    public static RadiusAttribute sendKey(byte[] key, byte[] salt, byte[] secret, byte[] requestAuthenticator) {
        return RadiusAttribute.vendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_SEND_KEY,
                encrypt(key, salt, secret, requestAuthenticator));
    }

    /** An MS-MPPE-Recv-Key Vendor-Specific attribute (vendor 311, type 17). */
    public static RadiusAttribute recvKey(byte[] key, byte[] salt, byte[] secret, byte[] requestAuthenticator) {
        return RadiusAttribute.vendorSpecific(RadiusAttributeType.VENDOR_MICROSOFT, RadiusAttributeType.MS_MPPE_RECV_KEY,
                encrypt(key, salt, secret, requestAuthenticator));
    }

    /**
     * [MS-MPPE-Recv-Key = MSK[0..31], MS-MPPE-Send-Key = MSK[32..63]] for an Access-Accept answering
     * a request with {@code requestAuthenticator}; each attribute is 58 bytes (vendor length 52), with
     * two different random salts.
     */
    public static List<RadiusAttribute> mppeAttributes(byte[] msk, byte[] secret, byte[] requestAuthenticator, SecureRandom random) {
        if (msk.length != MSK_LENGTH) {
            throw new IllegalArgumentException("the MSK is 64 bytes, got " + msk.length);
        }
        byte[] recvSalt = newSalt(random);
        byte[] sendSalt = newSalt(random);
        while (Arrays.equals(recvSalt, sendSalt)) {
            sendSalt = newSalt(random);
        }
        byte[] recv = Arrays.copyOfRange(msk, 0, KEY_LENGTH);
        byte[] send = Arrays.copyOfRange(msk, KEY_LENGTH, MSK_LENGTH);
        try {
            return List.of(recvKey(recv, recvSalt, secret, requestAuthenticator),
                    sendKey(send, sendSalt, secret, requestAuthenticator));
        } finally {
            Arrays.fill(recv, (byte) 0);
            Arrays.fill(send, (byte) 0);
        }
    }

    /**
     * The MSK (Recv-Key ‖ Send-Key, 64 bytes) from an Access-Accept answering a request with
     * {@code requestAuthenticator}, or null when either key attribute is missing. Two keys of one
     * kind, a malformed attribute, or a key that is not 32 bytes is a {@link RadiusFormatException}.
     * Verify the reply ({@link RadiusVerifier#verifyReply}) first.
     */
    public static byte[] mskFromReply(RadiusPacket reply, byte[] secret, byte[] requestAuthenticator) {
        RadiusAttribute recv = single(reply, RadiusAttributeType.MS_MPPE_RECV_KEY, "MS-MPPE-Recv-Key");
        RadiusAttribute send = single(reply, RadiusAttributeType.MS_MPPE_SEND_KEY, "MS-MPPE-Send-Key");
        if (recv == null || send == null) {
            return null;
        }
        byte[] r = decrypt(recv.vendorData(), secret, requestAuthenticator);
        byte[] s = decrypt(send.vendorData(), secret, requestAuthenticator);
        try {
            if (r.length != KEY_LENGTH || s.length != KEY_LENGTH) {
                throw new RadiusFormatException("MS-MPPE keys of " + r.length + " (Recv) and " + s.length
                        + " (Send) bytes: an MSK needs 32 + 32");
            }
            byte[] msk = new byte[MSK_LENGTH];
            System.arraycopy(r, 0, msk, 0, KEY_LENGTH);
            System.arraycopy(s, 0, msk, KEY_LENGTH, KEY_LENGTH);
            return msk;
        } finally {
            Arrays.fill(r, (byte) 0);
            Arrays.fill(s, (byte) 0);
        }
    }

    private static RadiusAttribute single(RadiusPacket reply, int vendorType, String name) {
        List<RadiusAttribute> found = reply.vendorAttributes(RadiusAttributeType.VENDOR_MICROSOFT, vendorType);
        if (found.size() > 1) {
            throw new RadiusFormatException(found.size() + " " + name + " attributes, expected one");
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
