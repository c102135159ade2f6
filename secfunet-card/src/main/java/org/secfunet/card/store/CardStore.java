package org.secfunet.card.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.secfunet.apdu.Hex;

/**
 * A software card's persistent memory: a small TOML file, replaced atomically on every change,
 * and held by one process at a time (an exclusive lock on {@code FILE.lock}). The PIN is kept only
 * as a salted PBKDF2 hash.
 */
public final class CardStore implements AutoCloseable {
    /** Hard cap on a store file's size: a parser never reads more. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    private static final TomlMapper TOML = new TomlMapper();
    private static final int PBKDF2_ROUNDS = 10_000;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private CardImage image;

    private CardStore(Path file, FileChannel lockChannel, FileLock lock, CardImage image) {
        this.file = file;
        this.lockChannel = lockChannel;
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
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new CardStoreException("card store " + file + " is " + size + " bytes, over the " + MAX_FILE_BYTES + "-byte limit");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CardStoreException("card store " + file + " does not exist (create one with: secfunet vcard create " + file + ")");
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
        CardImage img = parse(file, bytes);
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                throw new CardStoreException("card store " + file + " is in use by another process");
            }
            return new CardStore(file, ch, l, img);
        } catch (OverlappingFileLockException e) {
            close(ch);
            throw new CardStoreException("card store " + file + " is already open in this process");
        } catch (IOException e) {
            close(ch);
            throw new CardStoreException("cannot lock card store " + file + ": " + e.getMessage(), e);
        } catch (CardStoreException e) {
            close(ch);
            throw e;
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // best effort
            }
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
        try {
            KeySpec spec = new PBEKeySpec(pin, salt, PBKDF2_ROUNDS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
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
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(lockChannel);
    }
}
