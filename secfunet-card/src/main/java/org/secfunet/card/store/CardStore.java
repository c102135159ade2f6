package org.secfunet.card.store;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.secfunet.apdu.Hex;

/**
 * The test card's persistent memory: a {@link SealedStore} kept in clear, as a small TOML file
 * (docs/test-applet.md), replaced atomically on every change and held by one process at a time.
 * The PIN is kept only as a salted PBKDF2 hash.
 */
public final class CardStore extends SealedStore<CardImage> {
    /** Hard cap on a store file's size: a parser never reads more. */
    public static final int MAX_FILE_BYTES = StoreLock.MAX_FILE_BYTES;
    /** The test card's PIN tries. */
    public static final int PIN_TRIES = 3;
    private static final String HEADER = "# secfunet software card store (format 1). Written atomically by secfunet; edit with care.\n";

    /** The test card's image as plain TOML: no magic, no key file. */
    static final ImageFormat<CardImage> FORMAT = new ImageFormat<>(null, "a test card store",
            img -> TomlImage.write(HEADER, img, "pin"), CardStore::parse, CardImage::copy);

    private CardStore(Path file) {
        super(file, FORMAT);
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
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        img.serial = Hex.encode(serial);
        img.pin = PinCounter.of(pin, PIN_TRIES);
        SealedStore.create(file, FORMAT, img);
    }

    /** Opens and locks an existing store. */
    public static CardStore open(Path file) {
        return new CardStore(file);
    }

    static CardImage parse(Path file, byte[] bytes) {
        try {
            CardImage img = TomlImage.read(bytes, CardImage.class, "pin");
            if (img.format != 1) {
                throw new CardStoreException("card store " + file + " has format " + img.format + "; this version reads format 1");
            }
            if (img.serial == null || img.pin == null || img.pin.salt == null || img.pin.hash == null) {
                throw new CardStoreException("card store " + file + " is incomplete (serial, pin-salt and pin-hash are required)");
            }
            if (!img.pin.isConsistent()) {
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

    /** Whether {@code pin} matches the stored hash (constant-time comparison). */
    public boolean pinMatches(byte[] pin) {
        return image().pin.matches(pin);
    }
}
