package org.secfunet.card.eaptls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import java.nio.file.Path;
import java.util.Arrays;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.SealedStore;
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
        return SealedStore.hasMagic(head, MAGIC);
    }

    public static Path keyFile(Path file) {
        return SealedStore.keyFile(file);
    }

    /** Creates a new store and its key file; refuses to overwrite a store. */
    public static void create(Path file, EapCardImage img) {
        SealedStore.create(file, MAGIC, json(img));
    }

    public static EapCardStore open(Path file) {
        StoreLock.Locked locked = StoreLock.lockAndRead(file);
        try {
            byte[] key = SealedStore.readKey(file);
            return new EapCardStore(file, locked.lock(), key, unseal(file, key, locked.bytes()));
        } catch (RuntimeException e) {
            locked.lock().close();
            throw e;
        }
    }

    private static byte[] json(EapCardImage img) {
        try {
            return JSON.writeValueAsBytes(img);
        } catch (IOException e) {
            throw new CardStoreException("cannot encode the card store: " + e.getMessage(), e);
        }
    }

    private static EapCardImage unseal(Path file, byte[] key, byte[] sealed) {
        byte[] plain = SealedStore.unseal(file, MAGIC, key, sealed, "an EAP-TLS card store");
        try {
            EapCardImage img = JSON.readValue(plain, EapCardImage.class);
            if (img.format != 1 || img.userPin == null || img.puk == null || img.serial == null) {
                throw new CardStoreException("card store " + file + " is incomplete or of an unknown format");
            }
            return img;
        } catch (IOException e) {
            throw new CardStoreException("cannot decode card store " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public synchronized EapCardImage image() {
        return image.copy();
    }

    /** Replaces the content, on disk atomically, then in memory. */
    public synchronized void update(EapCardImage next) {
        SealedStore.write(file, MAGIC, key, json(next));
        image = next.copy();
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
