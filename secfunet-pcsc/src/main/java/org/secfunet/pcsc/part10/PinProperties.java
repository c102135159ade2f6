package org.secfunet.pcsc.part10;

/**
 * A reader's answer to {@code FEATURE_IFD_PIN_PROPERTIES}, PIN_PROPERTIES_STRUCTURE (PC/SC part 10
 * v2.02.09 §2.5.6; pcsc-lite {@code reader.h}), packed, little endian, exactly {@link #SIZE} bytes:
 * {@code wLcdLayout} (2: 0x0000 no display, else 0xXXYY XX lines of YY characters),
 * {@code bEntryValidationCondition} (1: the {@link PinEntry} bits the reader supports),
 * {@code bTimeOut2} (1: seconds after the first key, 0 none). No I/O.
 */
public record PinProperties(int lcdLayout, int entryValidation, int timeout2) {
    /** The structure's size, which is also the cap: a longer answer is refused. */
    public static final int SIZE = 4;

    /** The structure in {@code answer}; anything but {@link #SIZE} bytes is a {@link Part10FormatException}. */
    public static PinProperties parse(byte[] answer) {
        if (answer == null || answer.length != SIZE) {
            throw new Part10FormatException("PIN properties of " + (answer == null ? 0 : answer.length) + " bytes are not the " + SIZE
                    + " of PIN_PROPERTIES_STRUCTURE");
        }
        return new PinProperties(Bytes.word(answer, 0), answer[2] & 0xFF, answer[3] & 0xFF);
    }

    /** Whether the reader has a display (wLcdLayout not 0). */
    public boolean hasDisplay() {
        return lcdLayout != 0;
    }

    /** Lines of the display (high byte of wLcdLayout). */
    public int lcdLines() {
        return lcdLayout >> 8;
    }

    /** Characters per line of the display (low byte of wLcdLayout). */
    public int lcdCharacters() {
        return lcdLayout & 0xFF;
    }
}
