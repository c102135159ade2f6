package org.secfunet.pcsc.part10;

import java.util.Arrays;

/**
 * PIN_VERIFY_STRUCTURE, the command of {@code FEATURE_VERIFY_PIN_DIRECT} (PC/SC part 10 v2.02.09
 * §2.5.2; pcsc-lite {@code reader.h}), packed, little endian, 19 bytes then the APDU:
 * <pre>
 *  0 bTimerOut           1 bTimerOut2         2 bmFormatString     3 bmPINBlockString
 *  4 bmPINLengthFormat   5 wPINMaxExtraDigit (2)                   7 bEntryValidationCondition
 *  8 bNumberMessage      9 wLangId (2)       11 bMsgIndex         12 bTeoPrologue[3] (00 00 00)
 * 15 ulDataLength (4)   19 abData: the APDU, its PIN block a template the reader writes the digits into
 * </pre>
 * The APDU is a short one (4 to {@link #MAX_APDU} bytes); a PIN block in bytes must lie inside its data.
 * No I/O; the APDU template holds no PIN (only padding), so this record is not secret.
 */
public record PinVerifyStructure(PinEntry entry, int numberMessage, int msgIndex, byte[] apdu) {
    /** The header before abData. */
    public static final int HEADER = 19;
    /** A short APDU: header, Lc and 255 bytes of data, and Le. */
    public static final int MAX_APDU = 4 + 1 + 255 + 1;
    /** bNumberMessage: the reader's default number of messages. */
    public static final int DEFAULT_MESSAGES = 0xFF;

    public PinVerifyStructure {
        if (entry == null) {
            throw new IllegalArgumentException("a PIN_VERIFY_STRUCTURE needs its PIN entry");
        }
        if (numberMessage > 1 && numberMessage != DEFAULT_MESSAGES || numberMessage < 0) {
            throw new IllegalArgumentException("bNumberMessage " + numberMessage + " is not 0, 1 or FF for a PIN verification");
        }
        Bytes.checkByte("bMsgIndex", msgIndex);
        apdu = checkApdu(apdu, entry.format(), 0);
    }

    /** One message (index 0) on the reader's display. */
    public static PinVerifyStructure of(PinEntry entry, byte[] apdu) {
        return new PinVerifyStructure(entry, 1, 0, apdu);
    }

    /** A copy of the APDU template. */
    @Override
    public byte[] apdu() {
        return apdu.clone();
    }

    /** The structure's bytes. */
    public byte[] encode() {
        PinEntry e = entry;
        byte[] b = new byte[HEADER + apdu.length];
        b[0] = (byte) e.timeout();
        b[1] = (byte) e.timeout2();
        b[2] = (byte) e.format().formatString();
        b[3] = (byte) e.format().pinBlockString();
        b[4] = (byte) e.format().pinLengthFormat();
        Bytes.putWord(b, 5, e.maxExtraDigit());
        b[7] = (byte) e.entryValidation();
        b[8] = (byte) numberMessage;
        Bytes.putWord(b, 9, e.langId());
        b[11] = (byte) msgIndex;
        Bytes.putLong(b, 15, apdu.length);
        System.arraycopy(apdu, 0, b, HEADER, apdu.length);
        return b;
    }

    /** The structure in {@code b}, refused (with {@link Part10FormatException}) when it is not one: the test reader's side. */
    public static PinVerifyStructure decode(byte[] b) {
        if (b.length < HEADER || b.length > HEADER + MAX_APDU) {
            throw new Part10FormatException("a PIN_VERIFY_STRUCTURE of " + b.length + " bytes is not " + HEADER + " bytes and an APDU of 4 to " + MAX_APDU);
        }
        checkData(b, 15, HEADER, "PIN_VERIFY_STRUCTURE");
        checkTeo(b, 12, "PIN_VERIFY_STRUCTURE");
        try {
            int w = Bytes.word(b, 5);
            PinEntry e = new PinEntry(b[0] & 0xFF, b[1] & 0xFF, new PinBlockFormat(b[2] & 0xFF, b[3] & 0xFF, b[4] & 0xFF), w >> 8, w & 0xFF,
                    b[7] & 0xFF, Bytes.word(b, 9));
            return new PinVerifyStructure(e, b[8] & 0xFF, b[11] & 0xFF, Arrays.copyOfRange(b, HEADER, b.length));
        } catch (IllegalArgumentException bad) {
            throw new Part10FormatException("PIN_VERIFY_STRUCTURE refused: " + bad.getMessage());
        }
    }

    static void checkData(byte[] b, int at, int header, String what) {
        long n = Bytes.dword(b, at);
        if (n != b.length - header) {
            throw new Part10FormatException(what + " says ulDataLength " + n + " but " + (b.length - header) + " bytes follow");
        }
    }

    static void checkTeo(byte[] b, int at, String what) {
        if (b[at] != 0 || b[at + 1] != 0 || b[at + 2] != 0) {
            throw new Part10FormatException(what + " has a bTeoPrologue other than 00 00 00");
        }
    }

    /** A copy of {@code apdu} when it is a short APDU of 4 to {@link #MAX_APDU} bytes whose data hold the PIN block, also moved by {@code extraOffset} bytes. */
    static byte[] checkApdu(byte[] apdu, PinBlockFormat f, int extraOffset) {
        if (apdu == null || apdu.length < 4 || apdu.length > MAX_APDU) {
            throw new IllegalArgumentException("the APDU of a PIN structure has " + (apdu == null ? 0 : apdu.length) + " bytes: give a short APDU of 4 to " + MAX_APDU);
        }
        int data = apdu.length > 5 ? Math.min(apdu[4] & 0xFF, apdu.length - 5) : 0;
        int end = Math.max(f.endInData(0), f.endInData(extraOffset));
        if (end > data) {
            throw new IllegalArgumentException("the PIN block ends at byte " + end + " of the command data but the APDU has " + data + ": put the template's padding in the APDU");
        }
        return apdu.clone();
    }
}
