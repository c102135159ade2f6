package org.secfunet.card.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PINs are kept only as salted PBKDF2-HMAC-SHA256 hashes and compared in constant time. */
public final class PinHash {
    private static final int ROUNDS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PinHash() {
    }

    public static byte[] salt() {
        byte[] s = new byte[16];
        RANDOM.nextBytes(s);
        return s;
    }

    public static byte[] hash(char[] pin, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(pin, salt, ROUNDS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    public static boolean matches(char[] pin, byte[] salt, byte[] expected) {
        return MessageDigest.isEqual(hash(pin, salt), expected);
    }

    /** How a store keeps a PIN: a fresh salt and the PIN's hash, both in hex. */
    public record Stored(String salt, String hash) {
    }

    /** The stored form of {@code pin}; the caller's array is left as it is. */
    public static Stored store(char[] pin) {
        byte[] salt = salt();
        return new Stored(org.secfunet.apdu.Hex.encode(salt), org.secfunet.apdu.Hex.encode(hash(pin, salt)));
    }

    /** The stored form of a PIN received as bytes (ISO 8859-1 characters, as an APDU carries it). */
    public static Stored store(byte[] pin) {
        char[] chars = chars(pin);
        try {
            return store(chars);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** Whether a PIN received as bytes matches a stored salt and hash (hex), in constant time. */
    public static boolean matches(byte[] pin, String saltHex, String hashHex) {
        char[] chars = chars(pin);
        try {
            return matches(chars, org.secfunet.apdu.Hex.decode(saltHex), org.secfunet.apdu.Hex.decode(hashHex));
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    private static char[] chars(byte[] pin) {
        char[] c = new char[pin.length];
        for (int i = 0; i < pin.length; i++) {
            c[i] = (char) (pin[i] & 0xFF);
        }
        return c;
    }
}
