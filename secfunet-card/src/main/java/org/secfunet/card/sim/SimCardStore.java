package org.secfunet.card.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.secfunet.apdu.Hex;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.PinHash;
import org.secfunet.card.store.SealedStore;
import org.secfunet.card.store.StoreLock;

/**
 * A SIM/USIM card's persistent memory, encrypted at rest like the EAP-TLS card's
 * ({@link SealedStore}: "SFNSIMC1" ‖ nonce ‖ AES-256-GCM(TOML image), keyed by {@code FILE.key}),
 * replaced atomically on every change (a crash leaves the old or the new content) and held by one
 * process at a time. The PIN inside is a salted PBKDF2 hash; K and OPc never sit in a file in clear.
 */
public final class SimCardStore implements AutoCloseable {
    /** The first bytes of every SIM store file; {@link SimCardKind} recognises stores by them. */
    static final byte[] MAGIC = "SFNSIMC1".getBytes(StandardCharsets.US_ASCII);
    /** The first line of the (encrypted) TOML image. */
    public static final String HEADER = "# secfunet SIM card store";
    private static final TomlMapper TOML = new TomlMapper();

    private final Path file;
    private final StoreLock lock;
    private final byte[] key;
    private SimImage image;

    private SimCardStore(Path file, StoreLock lock, byte[] key, SimImage image) {
        this.file = file;
        this.lock = lock;
        this.key = key;
        this.image = image;
    }

    public static boolean isSimStore(byte[] head) {
        return SealedStore.hasMagic(head, MAGIC);
    }

    /** Writes a new store file and its key file; refuses to overwrite one. */
    public static void create(Path file, SimImage img) {
        validate(file, img);
        SealedStore.create(file, MAGIC, render(img));
    }

    /** Opens and locks an existing store. */
    public static SimCardStore open(Path file) {
        StoreLock.Locked locked = StoreLock.lockAndRead(file);
        byte[] plain = null;
        try {
            byte[] key = SealedStore.readKey(file);
            plain = SealedStore.unseal(file, MAGIC, key, locked.bytes(), "a SIM card store");
            return new SimCardStore(file, locked.lock(), key, parse(file, plain));
        } catch (RuntimeException e) {
            locked.lock().close();
            throw e;
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    static SimImage parse(Path file, byte[] bytes) {
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        if (!SealedStore.hasMagic(bytes, header)) {
            throw new CardStoreException("card store " + file + " is not a SIM card store");
        }
        try {
            SimImage img = TOML.readValue(bytes, SimImage.class);
            validate(file, img);
            return img;
        } catch (JacksonException e) {
            throw new CardStoreException("card store " + file + " is not a valid SIM store: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
    }

    private static void validate(Path file, SimImage img) {
        if (img.format != 1) {
            throw new CardStoreException("card store " + file + " has format " + img.format + "; this version reads format 1");
        }
        if (img.imsi == null || img.iccid == null || img.k == null || img.opc == null || img.sqnMs == null
                || img.pinSalt == null || img.pinHash == null || img.atr == null || img.amf == null) {
            throw new CardStoreException("card store " + file
                    + " is incomplete (imsi, iccid, k, opc, amf, sqn-ms, atr, pin-salt and pin-hash are required)");
        }
        if (img.pinTriesLeft < 0 || img.pinTriesLeft > img.pinMaxTries || img.pinMaxTries < 1 || img.pinMaxTries > 15) {
            throw new CardStoreException("card store " + file + " has inconsistent PIN counters");
        }
        if ((img.pukSalt == null) != (img.pukHash == null)
                || img.pukTriesLeft < 0 || img.pukTriesLeft > img.pukMaxTries || img.pukMaxTries < 1 || img.pukMaxTries > 15) {
            throw new CardStoreException("card store " + file + " has inconsistent PUK data or counters");
        }
        try {
            if (Hex.decode(img.k).length != 16 || Hex.decode(img.opc).length != 16 || Hex.decode(img.sqnMs).length != 6
                    || Hex.decode(img.amf).length != 2) {
                throw new CardStoreException("card store " + file + " has a key, SQN or AMF of the wrong length");
            }
            Hex.decode(img.atr);
            Hex.decode(img.pinSalt);
            Hex.decode(img.pinHash);
            if (img.hasPuk()) {
                Hex.decode(img.pukSalt);
                Hex.decode(img.pukHash);
            }
        } catch (IllegalArgumentException e) {
            throw new CardStoreException("card store " + file + " has a bad hex value: " + e.getMessage(), e);
        }
        if (img.seqArray != null && (img.seqArray.size() != SqnArray.SIZE
                || img.seqArray.stream().anyMatch(v -> v == null || v < 0 || v >= 1L << (48 - UsimApplet.IND_BITS)))) {
            throw new CardStoreException("card store " + file + " has a bad seq-array (" + SqnArray.SIZE + " SEQ values expected)");
        }
        if (img.type != null && !img.type.equals("usim") && !img.type.equals("sim")) {
            throw new CardStoreException("card store " + file + " has an unknown type '" + img.type + "'");
        }
        if (!img.imsi.matches("[0-9]{6,15}") || !img.iccid.matches("[0-9]{1,20}") || (img.mncLength != 2 && img.mncLength != 3)) {
            throw new CardStoreException("card store " + file + " has a bad imsi, iccid or mnc-length");
        }
    }

    static byte[] render(SimImage img) {
        try {
            String header = HEADER + " (format 1), kept encrypted by secfunet.\n";
            return (header + TOML.writeValueAsString(img)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CardStoreException("cannot render card store: " + e.getMessage(), e);
        }
    }

    /** A copy of the current content. */
    public synchronized SimImage image() {
        return image.copy();
    }

    /** Replaces the content on disk (atomically), then in memory. */
    public synchronized void update(SimImage next) {
        SealedStore.write(file, MAGIC, key, render(next));
        image = next.copy();
    }

    /** Whether {@code pin} (without padding) matches the stored hash, compared in constant time. */
    public synchronized boolean pinMatches(byte[] pin) {
        return matches(pin, image.pinSalt, image.pinHash);
    }

    /** Whether {@code puk} matches the stored PUK hash (false when the card has no PUK). */
    public synchronized boolean pukMatches(byte[] puk) {
        return image.hasPuk() && matches(puk, image.pukSalt, image.pukHash);
    }

    private static boolean matches(byte[] secret, String salt, String hash) {
        return PinHash.matches(secret, salt, hash);
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
