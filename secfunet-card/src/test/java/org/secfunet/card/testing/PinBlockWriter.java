package org.secfunet.card.testing;

import org.secfunet.pcsc.part10.PinBlockFormat;

/**
 * What a pinpad reader does with the digits the user typed: writes them into the PIN block of the
 * APDU template, where and as the structure's {@link PinBlockFormat} says (PC/SC part 10 v2.02.09
 * §2.5.2/§2.5.3, CCID 1.1 §6.1.11): in byte units from the block's position in the command data
 * (moved by the structure's insertion offset), left- or right-justified, ASCII (one byte a digit)
 * or BCD/binary (one nibble a digit, high nibble first). What the PIN does not cover keeps the
 * template's padding. A block in bit units or with a PIN length field is refused: no SecFuNet
 * structure asks for one, and this test reader does not simulate it.
 */
final class PinBlockWriter {
    /** The command data start after CLA INS P1 P2 Lc (a short APDU, as every PIN structure holds). */
    private static final int DATA = 5;

    private PinBlockWriter() {
    }

    /** Writes {@code digits} into {@code apdu}'s PIN block, moved {@code offset} bytes into the command data. */
    static void write(byte[] apdu, PinBlockFormat format, int offset, String digits) {
        if (!format.unitsAreBytes() || format.lengthBits() != 0) {
            throw new IllegalStateException("the test pinpad reader writes PIN blocks in byte units without a length field, not bmFormatString 0x"
                    + Integer.toHexString(format.formatString()) + " bmPINBlockString 0x" + Integer.toHexString(format.pinBlockString()));
        }
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a pinpad types digits only, not '" + digits + "'");
        }
        int start = DATA + offset + format.position();
        boolean right = (format.formatString() & PinBlockFormat.RIGHT_JUSTIFY) != 0;
        if (format.encoding() == PinBlockFormat.ASCII) {
            int first = fit(digits, format.blockBytes(), right);
            for (int i = 0; i < digits.length(); i++) {
                apdu[start + first + i] = (byte) digits.charAt(i);
            }
        } else {
            int first = fit(digits, 2 * format.blockBytes(), right);
            for (int i = 0; i < digits.length(); i++) {
                int nibble = first + i;
                int at = start + nibble / 2;
                int value = digits.charAt(i) - '0';
                apdu[at] = (byte) (nibble % 2 == 0 ? apdu[at] & 0x0F | value << 4 : apdu[at] & 0xF0 | value);
            }
        }
    }

    /** The first place (byte or nibble) of {@code digits} in a block of {@code places}. */
    private static int fit(String digits, int places, boolean right) {
        if (digits.length() > places) {
            throw new IllegalArgumentException(digits.length() + " digits do not fit a PIN block of " + places + " places");
        }
        return right ? places - digits.length() : 0;
    }
}
