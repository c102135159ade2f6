package org.secfunet.pcsc.part10;

/**
 * Where and how a pinpad reader writes the typed PIN into the APDU of a PIN_VERIFY or
 * PIN_MODIFY structure (PC/SC part 10 v2.02.09 §2.5.2/§2.5.3, the CCID 1.1 §6.1.11/§6.1.12 fields
 * pcsc-lite's {@code reader.h} mirrors):
 * <ul>
 * <li>{@code bmFormatString}: bit 7 the system unit (1 bytes, 0 bits), bits 6-3 the PIN's position in
 * the APDU's command data (after Lc) in system units, bit 2 the justification (0 left, 1 right),
 * bits 1-0 the encoding ({@link #BINARY} 00, {@link #BCD} 01, {@link #ASCII} 10; 11 is RFU).</li>
 * <li>{@code bmPINBlockString}: bits 7-4 the size in bits of a PIN length field the reader writes
 * (0: none), bits 3-0 the PIN block's size in bytes.</li>
 * <li>{@code bmPINLengthFormat}: bits 7-5 RFU (0), bit 4 the unit of the length field's position
 * (1 bytes, 0 bits), bits 3-0 that position.</li>
 * </ul>
 */
public record PinBlockFormat(int formatString, int pinBlockString, int pinLengthFormat) {
    /** bmFormatString bit 7: positions are in bytes. */
    public static final int UNITS_BYTES = 0x80;
    /** bmFormatString bit 2: the PIN is right-justified in its block. */
    public static final int RIGHT_JUSTIFY = 0x04;
    /** bmFormatString bits 1-0: binary digits (one nibble or byte per digit). */
    public static final int BINARY = 0x00;
    /** bmFormatString bits 1-0: BCD digits. */
    public static final int BCD = 0x01;
    /** bmFormatString bits 1-0: ASCII digits ('0' is 0x30). */
    public static final int ASCII = 0x02;

    public PinBlockFormat {
        Bytes.checkByte("bmFormatString", formatString);
        Bytes.checkByte("bmPINBlockString", pinBlockString);
        Bytes.checkByte("bmPINLengthFormat", pinLengthFormat);
        if ((formatString & 0x03) == 0x03) {
            throw new IllegalArgumentException("bmFormatString 0x" + Integer.toHexString(formatString) + " has the RFU encoding 11: use binary, BCD or ASCII");
        }
        if ((pinLengthFormat & 0xE0) != 0) {
            throw new IllegalArgumentException("bmPINLengthFormat 0x" + Integer.toHexString(pinLengthFormat) + " sets RFU bits 7-5: clear them");
        }
    }

    /**
     * ASCII digits, left-justified, in a block of {@code blockBytes} bytes at byte {@code position}
     * of the command data, with no length field: {@code bmFormatString} 0x80 | position &lt;&lt; 3 | 0x02,
     * {@code bmPINBlockString} = blockBytes, {@code bmPINLengthFormat} 0x00. The bytes of the block the
     * PIN does not fill keep what the APDU template holds there (FF padding for the cards here).
     */
    public static PinBlockFormat asciiBytes(int position, int blockBytes) {
        if (position < 0 || position > 15 || blockBytes < 1 || blockBytes > 15) {
            throw new IllegalArgumentException("an ASCII PIN block at byte " + position + " of " + blockBytes + " bytes does not fit the 4-bit fields: use 0-15 and 1-15");
        }
        return new PinBlockFormat(UNITS_BYTES | position << 3 | ASCII, blockBytes, 0x00);
    }

    /** Whether positions are in bytes (bit 7 of bmFormatString). */
    public boolean unitsAreBytes() {
        return (formatString & UNITS_BYTES) != 0;
    }

    /** The PIN's position in the command data, in system units (bits 6-3 of bmFormatString). */
    public int position() {
        return formatString >> 3 & 0x0F;
    }

    /** The encoding: {@link #BINARY}, {@link #BCD} or {@link #ASCII}. */
    public int encoding() {
        return formatString & 0x03;
    }

    /** The PIN block's size in bytes (bits 3-0 of bmPINBlockString). */
    public int blockBytes() {
        return pinBlockString & 0x0F;
    }

    /** The size in bits of the PIN length field the reader writes, 0 for none (bits 7-4 of bmPINBlockString). */
    public int lengthBits() {
        return pinBlockString >> 4 & 0x0F;
    }

    /** The last byte (exclusive) of command data the PIN block at {@code offset} extra bytes covers, when positions are in bytes; else 0. */
    int endInData(int offset) {
        return unitsAreBytes() ? offset + position() + blockBytes() : 0;
    }
}
