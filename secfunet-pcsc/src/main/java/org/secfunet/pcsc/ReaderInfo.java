package org.secfunet.pcsc;

import java.util.Optional;
import org.secfunet.apdu.Hex;

/** A reader as listed: its index in this listing, name, whether a card is in it and the card's ATR. */
public record ReaderInfo(int index, String name, boolean cardPresent, byte[] atr) {
    public ReaderInfo {
        atr = atr == null ? null : atr.clone();
    }

    public Optional<String> atrHex() {
        return Optional.ofNullable(atr).map(Hex::spaced);
    }

    @Override
    public byte[] atr() {
        return atr == null ? null : atr.clone();
    }
}
