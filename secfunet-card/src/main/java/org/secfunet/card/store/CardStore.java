package org.secfunet.card.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.secfunet.apdu.Hex;

/**
 * A software card's persistent memory: a small TOML file, replaced atomically on every change,
 * and held by one process at a time (an exclusive lock on {@code FILE.lock}). The PIN is kept only
 * as a salted PBKDF2 hash.
 */
public final class CardStore implements AutoCloseable {
    /** Hard cap on a store file's size: a parser never reads more. */
    public static final int MAX_FILE_BYTES = StoreLock.MAX_FILE_BYTES;
    private static final TomlMapper TOML = new TomlMapper();

    private final Path file;
    private final StoreLock lock;
    private CardImage image;

    private CardStore(Path file, StoreLock lock, CardImage image) {
        this.file = file;
        this.lock = lock;
        this.image = image;
    }

    /** Creates a new store file; refuses to overwrite one. */
    public static void create(Path file, String label, char[] pin) {
        if (Files.exists(file)) {
            throw new CardStoreException("card store " + file + " already exists");
        }
        if (pin.length < 4 || pin.length > 16) {
            throw new CardStoreException("PIN must be 4 to 16 characters");
        }
        CardImage img = new CardImage();
        img.label = label;
        SecureRandom rnd = new SecureRandom();
        byte[] serial = new byte[16];
        rnd.nextBytes(serial);
        img.serial = Hex.encode(serial);
        byte[] salt = new byte[16];
        rnd.nextBytes(salt);
        img.pinSalt = Hex.encode(salt);
        img.pinHash = Hex.encode(hashPin(pin, salt));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            AtomicFiles.write(file, render(img));
        } catch (IOException e) {
            throw new CardStoreException("cannot create card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens and locks an existing store. */
    public static CardStore open(Path file) {
        StoreLock.Locked locked = StoreLock.lockAndRead(file);
        try {
            return new CardStore(file, locked.lock(), parse(file, locked.bytes()));
        } catch (RuntimeException e) {
            locked.lock().close();
            throw e;
        }
    }

    static CardImage parse(Path file, byte[] bytes) {
        try {
            CardImage img = TOML.readValue(bytes, CardImage.class);
            if (img.format != 1) {
                throw new CardStoreException("card store " + file + " has format " + img.format + "; this version reads format 1");
            }
            if (img.serial == null || img.pinSalt == null || img.pinHash == null) {
                throw new CardStoreException("card store " + file + " is incomplete (serial, pin-salt and pin-hash are required)");
            }
            if (img.pinTriesLeft < 0 || img.pinTriesLeft > img.pinMaxTries || img.pinMaxTries < 1 || img.pinMaxTries > 15) {
                throw new CardStoreException("card store " + file + " has inconsistent PIN counters");
            }
            Hex.decode(img.atr);
            Hex.decode(img.serial);
            return img;
        } catch (JacksonException e) {
            throw new CardStoreException("card store " + file + " is not a valid store: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CardStoreException("card store " + file + " has a bad hex value: " + e.getMessage(), e);
        }
    }

    static byte[] render(CardImage img) {
        try {
            String header = "# secfunet software card store (format 1). Written atomically by secfunet; edit with care.\n";
            return (header + TOML.writeValueAsString(img)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CardStoreException("cannot render card store: " + e.getMessage(), e);
        }
    }

    static byte[] hashPin(char[] pin, byte[] salt) {
        return PinHash.hash(pin, salt);
    }

    /** A copy of the current content. */
    public synchronized CardImage image() {
        return image.copy();
    }

    /** Replaces the content on disk (atomically) and in memory. */
    public synchronized void update(CardImage next) {
        try {
            AtomicFiles.write(file, render(next));
            image = next.copy();
        } catch (IOException e) {
            throw new CardStoreException("cannot write card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code pin} matches the stored hash (constant-time comparison). */
    public synchronized boolean pinMatches(byte[] pin) {
        char[] chars = new String(pin, StandardCharsets.ISO_8859_1).toCharArray();
        try {
            byte[] h = hashPin(chars, Hex.decode(image.pinSalt));
            return java.security.MessageDigest.isEqual(h, Hex.decode(image.pinHash));
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock. */
    @Override
    public synchronized void close() {
        lock.close();
    }
}
