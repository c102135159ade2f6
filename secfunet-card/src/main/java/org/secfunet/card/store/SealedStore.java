package org.secfunet.card.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A card's persistent memory encrypted at rest: {@code FILE} holds MAGIC ‖ nonce ‖
 * AES-256-GCM(content) with MAGIC as associated data, keyed by the 32 random bytes of
 * {@code FILE.key}. Every write is atomic (old or new content after a crash). The cards' stores
 * (EAP-TLS, SIM/USIM) put their own content and 8-byte magic in it.
 */
public final class SealedStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final int TAG = 16;

    private SealedStore() {
    }

    public static Path keyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".key");
    }

    public static boolean hasMagic(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** A new key file and a new store with {@code content} (wiped after); refuses to overwrite a store. */
    public static void create(Path file, byte[] magic, byte[] content) {
        byte[] key = new byte[32];
        try {
            if (Files.exists(file)) {
                throw new CardStoreException("card store " + file + " already exists");
            }
            RANDOM.nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(keyFile(file), key);
            AtomicFiles.write(file, seal(magic, key, content));
        } catch (IOException e) {
            throw new CardStoreException("cannot create card store " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The key of an existing store, from its key file. */
    public static byte[] readKey(Path file) {
        byte[] key;
        try {
            key = Files.readAllBytes(keyFile(file));
        } catch (NoSuchFileException e) {
            throw new CardStoreException("card store " + file + " has no key file " + keyFile(file));
        } catch (IOException e) {
            throw new CardStoreException("cannot read " + keyFile(file) + ": " + e.getMessage(), e);
        }
        if (key.length != 32) {
            throw new CardStoreException("key file " + keyFile(file) + " is " + key.length + " bytes, not 32");
        }
        return key;
    }

    /** Replaces the content (atomically), then wipes {@code content}. */
    public static void write(Path file, byte[] magic, byte[] key, byte[] content) {
        try {
            AtomicFiles.write(file, seal(magic, key, content));
        } catch (IOException e) {
            throw new CardStoreException("cannot write card store " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    static byte[] seal(byte[] magic, byte[] key, byte[] content) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(magic);
            byte[] ct = c.doFinal(content);
            byte[] out = new byte[magic.length + NONCE + ct.length];
            System.arraycopy(magic, 0, out, 0, magic.length);
            System.arraycopy(nonce, 0, out, magic.length, NONCE);
            System.arraycopy(ct, 0, out, magic.length + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CardStoreException("cannot encrypt the card store: " + e.getMessage(), e);
        }
    }

    /** The content of {@code sealed} (the bytes of {@code file}); the caller wipes it after use. */
    public static byte[] unseal(Path file, byte[] magic, byte[] key, byte[] sealed, String kind) {
        if (!hasMagic(sealed, magic) || sealed.length < magic.length + NONCE + TAG) {
            throw new CardStoreException("card store " + file + " is not " + kind);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, magic.length, NONCE));
            c.updateAAD(magic);
            return c.doFinal(sealed, magic.length + NONCE, sealed.length - magic.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new CardStoreException("card store " + file + " is corrupt, or " + keyFile(file) + " is not its key");
        } catch (GeneralSecurityException e) {
            throw new CardStoreException("cannot decrypt card store " + file + ": " + e.getMessage(), e);
        }
    }
}
