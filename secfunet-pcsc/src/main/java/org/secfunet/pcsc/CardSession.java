package org.secfunet.pcsc;

import org.secfunet.apdu.Transport;

/**
 * A connection to one card: its raw transport (wrap it with
 * {@link org.secfunet.apdu.layer.TransportStack}), ATR and reader. Closing disconnects.
 */
public interface CardSession extends AutoCloseable {
    /** The bytes-in/bytes-out transport to the card, with no ISO behaviours added. */
    Transport transport();

    byte[] atr();

    /** The reader's display name (PC/SC name, vcard file...). */
    String readerName();

    /** The largest Ne the path to the card can carry in one answer (8190 through javax.smartcardio). */
    int maxNe();

    /**
     * The largest command data (Nc) the path to the card carries in one APDU: 255 when only short
     * APDUs pass, up to 65535 with extended ones. Drivers use extended APDUs by default when this
     * is above 255. A session that cannot say reports 255.
     */
    default int maxCommandData() {
        return org.secfunet.apdu.CommandApdu.MAX_SHORT_DATA;
    }

    /** Disconnects, leaving the card powered. Idempotent. */
    @Override
    void close();

    /**
     * Disconnects and resets the card, so nothing volatile (selected applet, verified PIN) is left
     * for whoever uses the card next. Services that share cards between clients close this way.
     */
    default void closeAndReset() {
        close();
    }
}
