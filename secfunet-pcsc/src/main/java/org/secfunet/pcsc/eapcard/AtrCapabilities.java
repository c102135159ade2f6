package org.secfunet.pcsc.eapcard;

/**
 * What an ATR says about extended Lc/Le: the "card capabilities" compact-TLV data object (tag 7)
 * of the historical bytes (ISO/IEC 7816-4 §8.1.1.2.7), third software function table, bit b7
 * "extended Lc and Le fields". Parsed with bounds from the ATR's interface bytes (ISO/IEC 7816-3
 * §8.2); anything it cannot read is {@link Extended#UNKNOWN}.
 */
final class AtrCapabilities {
    enum Extended { YES, NO, UNKNOWN }

    private static final int MAX_ATR = 33;

    private AtrCapabilities() {
    }

    static Extended extendedLength(byte[] atr) {
        if (atr == null || atr.length < 2 || atr.length > MAX_ATR) {
            return Extended.UNKNOWN;
        }
        int t0 = atr[1] & 0xFF;
        int historical = t0 & 0x0F;
        int i = 2;
        int y = t0 >> 4;
        for (int round = 0; round < MAX_ATR; round++) {
            i += Integer.bitCount(y & 0x7); // TA, TB, TC
            if ((y & 0x8) == 0) {
                break;
            }
            if (i >= atr.length) {
                return Extended.UNKNOWN;
            }
            y = (atr[i] & 0xFF) >> 4; // TD
            i++;
        }
        if (i + historical > atr.length || historical == 0) {
            return Extended.UNKNOWN;
        }
        int category = atr[i] & 0xFF;
        int end = i + historical;
        if (category == 0x00) {
            end -= 3; // three status bytes at the end
        } else if (category != 0x80) {
            return Extended.UNKNOWN;
        }
        int k = i + 1;
        while (k < end) {
            int tag = (atr[k] & 0xFF) >> 4;
            int len = atr[k] & 0x0F;
            if (k + 1 + len > end) {
                return Extended.UNKNOWN;
            }
            if (tag == 0x7) {
                return len < 3 ? Extended.UNKNOWN : (atr[k + 3] & 0x40) != 0 ? Extended.YES : Extended.NO;
            }
            k += 1 + len;
        }
        return Extended.UNKNOWN;
    }
}
