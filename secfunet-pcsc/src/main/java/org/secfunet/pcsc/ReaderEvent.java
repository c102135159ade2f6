package org.secfunet.pcsc;

import java.time.Instant;
import org.secfunet.apdu.Hex;

/** Something that happened to a reader, its card, or the PC/SC service. */
public record ReaderEvent(Kind kind, String reader, byte[] atr, Instant at) {
    public enum Kind {
        READER_ADDED, READER_REMOVED, CARD_INSERTED, CARD_REMOVED, SERVICE_LOST, SERVICE_RESTORED
    }

    public ReaderEvent {
        atr = atr == null ? null : atr.clone();
    }

    @Override
    public byte[] atr() {
        return atr == null ? null : atr.clone();
    }

    /** "card inserted in 'VPCD0 00 00', ATR 3B ..." */
    public String describe() {
        return switch (kind) {
            case READER_ADDED -> "reader added: '" + reader + "'";
            case READER_REMOVED -> "reader removed: '" + reader + "'";
            case CARD_INSERTED -> "card inserted in '" + reader + "'" + (atr == null ? "" : ", ATR " + Hex.spaced(atr));
            case CARD_REMOVED -> "card removed from '" + reader + "'";
            case SERVICE_LOST -> "PC/SC service lost: " + reader;
            case SERVICE_RESTORED -> "PC/SC service back";
        };
    }
}
