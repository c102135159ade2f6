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
     * is above 255. A session that cannot say reports 255 (and {@link #maxCommandDataKnown()} false).
     */
    default int maxCommandData() {
        return org.secfunet.apdu.CommandApdu.MAX_SHORT_DATA;
    }

    /**
     * False when {@link #maxCommandData()} is only a safe floor: the path did not say what it
     * carries and may take extended APDUs (a PC/SC T=1 connection whose reader answers no part 10
     * feature request, see {@link org.secfunet.pcsc.part10.ApduSizeDiscovery#UNKNOWN}). A driver
     * may then try one idempotent command in extended form (ISO/IEC 7816-4 §5.1 allows extended
     * Lc/Le for any length) and go extended only if it passes. True by default: in-process and
     * RACS sessions know their limit, and so does a reader that says it or a T=0 connection.
     */
    default boolean maxCommandDataKnown() {
        return true;
    }

    /**
     * One {@code SCardControl} to the reader (javax.smartcardio {@code Card.transmitControlCommand}),
     * the path of PC/SC part 10. Sessions with no reader behind them (in-process, RACS) throw
     * {@link UnsupportedOperationException}, which {@link #pinPad()} reads as a reader without features.
     */
    default byte[] control(int controlCode, byte[] command) {
        throw new UnsupportedOperationException("the session to '" + readerName() + "' has no reader control path");
    }

    /** Secure PIN entry on this session's reader, through {@link #control}. */
    default org.secfunet.pcsc.part10.PinPad pinPad() {
        return org.secfunet.pcsc.part10.PinPad.of(this::control, readerName());
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
