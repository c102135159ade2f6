package org.secfunet.card.sim;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.secfunet.apdu.Hex;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.card.store.ImageFormat;
import org.secfunet.card.store.SealedStore;
import org.secfunet.card.store.TomlImage;

/**
 * A SIM/USIM card's persistent memory, encrypted at rest like the EAP-TLS card's
 * ({@link SealedStore}: "SFNSIMC1" ‖ nonce ‖ AES-256-GCM(TOML image), keyed by {@code FILE.key}),
 * replaced atomically on every change (a crash leaves the old or the new content) and held by one
 * process at a time. The PIN inside is a salted PBKDF2 hash; K and OPc never sit in a file in clear.
 */
public final class SimCardStore extends SealedStore<SimImage> {
    /** The first line of the (encrypted) TOML image. */
    public static final String HEADER = "# secfunet SIM card store";
    private static final String[] PINS = {"pin", "puk"};

    /** The SIM/USIM card's image as sealed TOML; {@link SimCardKind} recognises stores by the magic. */
    static final ImageFormat<SimImage> FORMAT = new ImageFormat<>("SFNSIMC1".getBytes(StandardCharsets.US_ASCII), "a SIM card store",
            img -> TomlImage.write(HEADER + " (format 1), kept encrypted by secfunet.\n", img, SimCardStore.PINS), SimCardStore::parse,
            SimImage::copy);

    private SimCardStore(Path file) {
        super(file, FORMAT);
    }

    public static boolean isSimStore(byte[] head) {
        return FORMAT.recognises(head);
    }

    /** Writes a new store file and its key file; refuses to overwrite one. */
    public static void create(Path file, SimImage img) {
        validate(file, img);
        SealedStore.create(file, FORMAT, img);
    }

    /** Opens and locks an existing store. */
    public static SimCardStore open(Path file) {
        return new SimCardStore(file);
    }

    static SimImage parse(Path file, byte[] bytes) {
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        if (!SealedStore.hasMagic(bytes, header)) {
            throw new CardStoreException("card store " + file + " is not a SIM card store");
        }
        try {
            SimImage img = TomlImage.read(bytes, SimImage.class, PINS);
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
                || img.pin == null || !img.pin.isSet() || img.atr == null || img.amf == null || img.puk == null) {
            throw new CardStoreException("card store " + file
                    + " is incomplete (imsi, iccid, k, opc, amf, sqn-ms, atr, pin-salt and pin-hash are required)");
        }
        if (!img.pin.isConsistent()) {
            throw new CardStoreException("card store " + file + " has inconsistent PIN counters");
        }
        if (!img.puk.isConsistent()) {
            throw new CardStoreException("card store " + file + " has inconsistent PUK data or counters");
        }
        try {
            if (Hex.decode(img.k).length != 16 || Hex.decode(img.opc).length != 16 || Hex.decode(img.sqnMs).length != 6
                    || Hex.decode(img.amf).length != 2) {
                throw new CardStoreException("card store " + file + " has a key, SQN or AMF of the wrong length");
            }
            Hex.decode(img.atr);
            Hex.decode(img.pin.salt);
            Hex.decode(img.pin.hash);
            if (img.hasPuk()) {
                Hex.decode(img.puk.salt);
                Hex.decode(img.puk.hash);
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
}
