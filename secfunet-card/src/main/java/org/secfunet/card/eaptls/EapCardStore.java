package org.secfunet.card.eaptls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
import org.secfunet.card.store.AtomicFiles;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.StoreLock;

/**
 * The EAP-TLS card's persistent memory, encrypted at rest: {@code FILE} holds
 * "SFNEAPC1" ‖ nonce ‖ AES-256-GCM(JSON image), keyed by the 32 random bytes of {@code FILE.key}
 * (mode 0600, made at init). Every change replaces the file atomically; one process holds it at a
 * time. See docs/eap-card.md for what this protects and what it cannot.
 */
public final class EapCardStore implements AutoCloseable {
    private static final byte[] MAGIC = "SFNEAPC1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final StoreLock lock;
    private final byte[] key;
    private EapCardImage image;

    private EapCardStore(Path file, StoreLock lock, byte[] key, EapCardImage image) {
        this.file = file;
        this.lock = lock;
        this.key = key;
        this.image = image;
    }

    /** Whether these first bytes are an EAP-TLS card store. */
    public static boolean isEapCardStore(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    public static Path keyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".key");
    }

    /** Creates a new store and its key file; refuses to overwrite a store. */
    public static void create(Path file, EapCardImage img) {
        if (Files.exists(file)) {
            throw new CardStoreException("card store " + file + " already exists");
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(keyFile(file), key);
            AtomicFiles.write(file, seal(key, img));
        } catch (IOException e) {
            throw new CardStoreException("cannot create card store " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public static EapCardStore open(Path file) {
        byte[] sealed = StoreLock.read(file);
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
        EapCardImage img = unseal(file, key, sealed);
        return new EapCardStore(file, StoreLock.lock(file), key, img);
    }

    private static byte[] seal(byte[] key, EapCardImage img) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(MAGIC);
            byte[] plain = JSON.writeValueAsBytes(img);
            byte[] ct = c.doFinal(plain);
            Arrays.fill(plain, (byte) 0);
            byte[] out = new byte[MAGIC.length + nonce.length + ct.length];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            System.arraycopy(nonce, 0, out, MAGIC.length, nonce.length);
            System.arraycopy(ct, 0, out, MAGIC.length + nonce.length, ct.length);
            return out;
        } catch (GeneralSecurityException | IOException e) {
            throw new CardStoreException("cannot encrypt the card store: " + e.getMessage(), e);
        }
    }

    private static EapCardImage unseal(Path file, byte[] key, byte[] sealed) {
        if (!isEapCardStore(sealed) || sealed.length < MAGIC.length + 12 + 16) {
            throw new CardStoreException("card store " + file + " is not an EAP-TLS card store");
        }
        byte[] plain = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, MAGIC.length, 12));
            c.updateAAD(MAGIC);
            plain = c.doFinal(sealed, MAGIC.length + 12, sealed.length - MAGIC.length - 12);
            EapCardImage img = JSON.readValue(plain, EapCardImage.class);
            if (img.format != 1 || img.userPin == null || img.puk == null || img.serial == null) {
                throw new CardStoreException("card store " + file + " is incomplete or of an unknown format");
            }
            return img;
        } catch (AEADBadTagException e) {
            throw new CardStoreException("card store " + file + " is corrupt, or " + keyFile(file) + " is not its key");
        } catch (GeneralSecurityException | IOException e) {
            throw new CardStoreException("cannot decrypt card store " + file + ": " + e.getMessage(), e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    public synchronized EapCardImage image() {
        return image.copy();
    }

    /** Replaces the content, on disk atomically, then in memory. */
    public synchronized void update(EapCardImage next) {
        try {
            AtomicFiles.write(file, seal(key, next));
            image = next.copy();
        } catch (IOException e) {
            throw new CardStoreException("cannot write card store " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        Arrays.fill(key, (byte) 0);
        lock.close();
    }
}
