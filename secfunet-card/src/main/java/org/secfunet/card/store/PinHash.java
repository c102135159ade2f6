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
}
