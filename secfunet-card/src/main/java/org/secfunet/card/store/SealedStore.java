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
 * A software card's persistent memory, the one mechanism every card kind uses: held by one
 * process at a time ({@link StoreLock}), read under that lock with a size cap, and replaced
 * atomically on every change ({@link AtomicFiles}: old or new content after a crash, never a mix).
 * A sealed store (EAP-TLS, SIM/USIM) holds MAGIC ‖ nonce ‖ AES-256-GCM(generation ‖ content) with
 * MAGIC ‖ "generation" as associated data, keyed by the 32 random bytes of {@code FILE.key}; its
 * plaintext is wiped once sealed or decoded. The generation, a 64-bit big-endian write count,
 * must match the counter {@code FILE.gen} ({@link StoreGeneration}): an older copy of the store
 * put back is refused. A sealed store of an earlier version (MAGIC alone as associated data, no
 * generation, no counter) opens as generation 0 and gets its counter on its first write. The test
 * card's store, whose format has no magic, is kept in clear (its only secret is a PIN hash; anyone
 * who can write it can set its counters, so it has no generation). The image format of each kind
 * is plugged in as an {@link ImageFormat}.
 */
public class SealedStore<I> implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY = 32;
    private static final int NONCE = 12;
    private static final int TAG = 16;
    /** Appended to MAGIC as associated data by the stores that seal a generation. */
    private static final byte[] GENERATION_AAD = "generation".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int GENERATION = Long.BYTES;

    private final Path file;
    private final ImageFormat<I> format;
    private final StoreLock lock;
    private final byte[] key;
    private I image;
    /** The generation of the sealed store on disk, and the one its next write takes. */
    private long generation;
    private long nextGeneration;

    /** Opens and locks an existing store of {@code format}. */
    protected SealedStore(Path file, ImageFormat<I> format) {
        this.file = file;
        this.format = format;
        StoreLock.Locked locked = StoreLock.lockAndRead(file);
        this.lock = locked.lock();
        byte[] content = null;
        try {
            this.key = format.magic() == null ? null : readKey(file);
            if (key == null) {
                content = locked.bytes();
            } else {
                Unsealed u = unseal(file, format, key, locked.bytes());
                content = u.content();
                this.generation = u.generation();
                this.nextGeneration = StoreGeneration.check(file, StoreGeneration.read(file), u.generation());
            }
            this.image = format.decode().apply(file, content);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        } finally {
            if (content != null && format.magic() != null) {
                Arrays.fill(content, (byte) 0);
            }
        }
    }

    public static Path keyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".key");
    }

    public static boolean hasMagic(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** Writes a new store with {@code image} (and, sealed, a new key file); refuses to overwrite a store. */
    public static <I> void create(Path file, ImageFormat<I> format, I image) {
        if (Files.exists(file)) {
            throw new CardStoreException("card store " + file + " already exists");
        }
        byte[] key = null;
        byte[] content = format.encode().apply(image);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (format.magic() != null) {
                key = new byte[KEY];
                RANDOM.nextBytes(key);
                AtomicFiles.write(keyFile(file), key);
                new StoreGeneration(1, 0).write(file);
            }
            AtomicFiles.write(file, key == null ? content : seal(format.magic(), key, 1, content));
        } catch (IOException e) {
            throw new CardStoreException("cannot create card store " + file + ": " + e.getMessage(), e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            Arrays.fill(content, (byte) 0);
        }
    }

    /** A copy of the current content. */
    public synchronized I image() {
        return format.copy().apply(image);
    }

    /**
     * Replaces the content on disk (atomically, forced to disk), then in memory. A sealed store
     * takes a new generation: counter "writing", store, counter "committed" ({@link StoreGeneration}).
     */
    public synchronized void update(I next) {
        byte[] content = format.encode().apply(next);
        try {
            if (key == null) {
                lock.replace(content);
                image = format.copy().apply(next);
            } else {
                long g = nextGeneration++;
                new StoreGeneration(generation, g).write(file);
                lock.replace(seal(format.magic(), key, g, content));
                generation = g;
                image = format.copy().apply(next);
                new StoreGeneration(g, 0).write(file);
            }
        } catch (IOException e) {
            throw new CardStoreException("cannot write card store " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    public Path file() {
        return file;
    }

    /** Wipes the key and releases the lock. */
    @Override
    public synchronized void close() {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
        lock.close();
    }

    private static byte[] readKey(Path file) {
        byte[] key;
        try {
            key = Files.readAllBytes(keyFile(file));
        } catch (NoSuchFileException e) {
            throw new CardStoreException("card store " + file + " has no key file " + keyFile(file));
        } catch (IOException e) {
            throw new CardStoreException("cannot read " + keyFile(file) + ": " + e.getMessage(), e);
        }
        if (key.length != KEY) {
            throw new CardStoreException("key file " + keyFile(file) + " is " + key.length + " bytes, not " + KEY);
        }
        return key;
    }

    private static byte[] seal(byte[] magic, byte[] key, long generation, byte[] content) {
        byte[] plain = new byte[GENERATION + content.length];
        try {
            java.nio.ByteBuffer.wrap(plain).putLong(generation).put(content);
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
            c.updateAAD(magic);
            c.updateAAD(GENERATION_AAD);
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[magic.length + NONCE + ct.length];
            System.arraycopy(magic, 0, out, 0, magic.length);
            System.arraycopy(nonce, 0, out, magic.length, NONCE);
            System.arraycopy(ct, 0, out, magic.length + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CardStoreException("cannot encrypt the card store: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** A sealed store's generation (0: an earlier version's store, which has none) and content. */
    private record Unsealed(long generation, byte[] content) {
    }

    /** The content of a sealed store, with its generation; a store of an earlier version (no generation) is generation 0. */
    private static Unsealed unseal(Path file, ImageFormat<?> format, byte[] key, byte[] sealed) {
        byte[] magic = format.magic();
        if (!hasMagic(sealed, magic) || sealed.length < magic.length + NONCE + TAG) {
            throw new CardStoreException("card store " + file + " is not " + format.kind());
        }
        try {
            byte[] plain = decrypt(key, sealed, magic, GENERATION_AAD);
            if (plain != null && plain.length >= GENERATION) {
                try {
                    return new Unsealed(java.nio.ByteBuffer.wrap(plain).getLong(), Arrays.copyOfRange(plain, GENERATION, plain.length));
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            }
            byte[] legacy = decrypt(key, sealed, magic, new byte[0]);
            if (legacy == null) {
                throw new CardStoreException("card store " + file + " is corrupt, or " + keyFile(file) + " is not its key");
            }
            return new Unsealed(0, legacy);
        } catch (GeneralSecurityException e) {
            throw new CardStoreException("cannot decrypt card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The plaintext of {@code sealed} with MAGIC ‖ {@code aad} as associated data; null when it does not authenticate. */
    private static byte[] decrypt(byte[] key, byte[] sealed, byte[] magic, byte[] aad) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, sealed, magic.length, NONCE));
        c.updateAAD(magic);
        c.updateAAD(aad);
        try {
            return c.doFinal(sealed, magic.length + NONCE, sealed.length - magic.length - NONCE);
        } catch (AEADBadTagException e) {
            return null;
        }
    }
}
