package org.secfunet.card.eaptls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.ImageFormat;
import org.secfunet.card.store.SealedStore;

/**
 * The EAP-TLS card's persistent memory, a {@link SealedStore}: {@code FILE} holds
 * "SFNEAPC1" ‖ nonce ‖ AES-256-GCM(JSON image), keyed by the 32 random bytes of {@code FILE.key}
 * (mode 0600, made at init). Every change replaces the file atomically; one process holds it at a
 * time. See docs/eap-card.md for what this protects and what it cannot.
 */
public final class EapCardStore extends SealedStore<EapCardImage> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The EAP-TLS card's image as sealed JSON. */
    static final ImageFormat<EapCardImage> FORMAT = new ImageFormat<>("SFNEAPC1".getBytes(StandardCharsets.US_ASCII),
            "an EAP-TLS card store", EapCardStore::json, EapCardStore::decode, EapCardImage::copy);

    private EapCardStore(Path file) {
        super(file, FORMAT);
    }

    /** Whether these first bytes are an EAP-TLS card store. */
    public static boolean isEapCardStore(byte[] head) {
        return FORMAT.recognises(head);
    }

    public static Path keyFile(Path file) {
        return SealedStore.keyFile(file);
    }

    /** Creates a new store and its key file; refuses to overwrite a store. */
    public static void create(Path file, EapCardImage img) {
        SealedStore.create(file, FORMAT, img);
    }

    public static EapCardStore open(Path file) {
        return new EapCardStore(file);
    }

    private static byte[] json(EapCardImage image) {
        try {
            return JSON.writeValueAsBytes(image);
        } catch (IOException e) {
            throw new CardStoreException("cannot encode the card store: " + e.getMessage(), e);
        }
    }

    private static EapCardImage decode(Path file, byte[] content) {
        try {
            EapCardImage img = JSON.readValue(content, EapCardImage.class);
            if (img.format != 1 || img.userPin == null || img.puk == null || img.serial == null) {
                throw new CardStoreException("card store " + file + " is incomplete or of an unknown format");
            }
            return img;
        } catch (IOException e) {
            throw new CardStoreException("cannot decode card store " + file + ": " + e.getMessage(), e);
        }
    }
}
