package org.secfunet.card.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.secfunet.apdu.Hex;
import org.secfunet.card.store.AtomicFiles;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.PinHash;
import org.secfunet.card.store.StoreLock;

/**
 * A SIM/USIM card's persistent memory: a TOML file that starts with {@link #HEADER}, replaced
 * atomically on every change (so a crash leaves the old or the new content) and held by one
 * process at a time. The PIN is kept as a salted PBKDF2 hash; K and OPc are kept in clear (the
 * file is created 0600) since this is a test card.
 */
public final class SimCardStore implements AutoCloseable {
    /** The first bytes of every SIM store file; {@link org.secfunet.card.VirtualCards} recognises stores by them. */
    public static final String HEADER = "# secfunet SIM card store";
    private static final TomlMapper TOML = new TomlMapper();

    private final Path file;
    private final StoreLock lock;
    private SimImage image;

    private SimCardStore(Path file, StoreLock lock, SimImage image) {
        this.file = file;
        this.lock = lock;
        this.image = image;
    }

    public static boolean isSimStore(byte[] head) {
        byte[] magic = HEADER.getBytes(StandardCharsets.US_ASCII);
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** Writes a new store file; refuses to overwrite one. */
    public static void create(Path file, SimImage img) {
        if (Files.exists(file)) {
            throw new CardStoreException("card store " + file + " already exists");
        }
        validate(file, img);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, render(img));
        } catch (IOException e) {
            throw new CardStoreException("cannot create card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens and locks an existing store. */
    public static SimCardStore open(Path file) {
        SimImage img = parse(file, StoreLock.read(file));
        return new SimCardStore(file, StoreLock.lock(file), img);
    }

    static SimImage parse(Path file, byte[] bytes) {
        if (!isSimStore(bytes)) {
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
        try {
            if (Hex.decode(img.k).length != 16 || Hex.decode(img.opc).length != 16 || Hex.decode(img.sqnMs).length != 6
                    || Hex.decode(img.amf).length != 2) {
                throw new CardStoreException("card store " + file + " has a key, SQN or AMF of the wrong length");
            }
            Hex.decode(img.atr);
            Hex.decode(img.pinSalt);
            Hex.decode(img.pinHash);
        } catch (IllegalArgumentException e) {
            throw new CardStoreException("card store " + file + " has a bad hex value: " + e.getMessage(), e);
        }
        if (!img.imsi.matches("[0-9]{6,15}") || !img.iccid.matches("[0-9]{1,20}") || (img.mncLength != 2 && img.mncLength != 3)) {
            throw new CardStoreException("card store " + file + " has a bad imsi, iccid or mnc-length");
        }
    }

    static byte[] render(SimImage img) {
        try {
            String header = HEADER + " (format 1). Written atomically by secfunet; holds K and OPc in clear.\n";
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
        try {
            AtomicFiles.write(file, render(next));
            image = next.copy();
        } catch (IOException e) {
            throw new CardStoreException("cannot write card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code pin} (without padding) matches the stored hash, compared in constant time. */
    public synchronized boolean pinMatches(byte[] pin) {
        char[] chars = new String(pin, StandardCharsets.ISO_8859_1).toCharArray();
        try {
            return MessageDigest.isEqual(PinHash.hash(chars, Hex.decode(image.pinSalt)), Hex.decode(image.pinHash));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        lock.close();
    }
}
