package org.secfunet.pcsc.part10;

import java.util.Arrays;

/**
 * PIN_MODIFY_STRUCTURE, the command of {@code FEATURE_MODIFY_PIN_DIRECT} (PC/SC part 10 v2.02.09
 * §2.5.3; pcsc-lite {@code reader.h}), packed, little endian, 24 bytes then the APDU:
 * <pre>
 *  0 bTimerOut           1 bTimerOut2          2 bmFormatString     3 bmPINBlockString
 *  4 bmPINLengthFormat   5 bInsertionOffsetOld 6 bInsertionOffsetNew 7 wPINMaxExtraDigit (2)
 *  9 bConfirmPIN        10 bEntryValidationCondition                11 bNumberMessage
 * 12 wLangId (2)        14 bMsgIndex1         15 bMsgIndex2         16 bMsgIndex3
 * 17 bTeoPrologue[3] (00 00 00)               20 ulDataLength (4)   24 abData: the APDU
 * </pre>
 * The offsets (bytes) move the PIN block of {@link PinBlockFormat} for the current and the new PIN;
 * {@code bConfirmPIN} bit 0 asks the new PIN twice ({@link #CONFIRM_NEW}), bit 1 asks the current
 * PIN first ({@link #ENTER_CURRENT}). No I/O; the APDU template holds no PIN.
 */
public record PinModifyStructure(PinEntry entry, int offsetOld, int offsetNew, int confirmPin, int numberMessage, int msgIndex1, int msgIndex2,
        int msgIndex3, byte[] apdu) {
    /** The header before abData. */
    public static final int HEADER = 24;
    /** bConfirmPIN bit 0: the new PIN is typed twice. */
    public static final int CONFIRM_NEW = 0x01;
    /** bConfirmPIN bit 1: the current PIN (or PUK) is typed first. */
    public static final int ENTER_CURRENT = 0x02;

    public PinModifyStructure {
        if (entry == null) {
            throw new IllegalArgumentException("a PIN_MODIFY_STRUCTURE needs its PIN entry");
        }
        Bytes.checkByte("bInsertionOffsetOld", offsetOld);
        Bytes.checkByte("bInsertionOffsetNew", offsetNew);
        if (confirmPin < 0 || confirmPin > 0x03) {
            throw new IllegalArgumentException("bConfirmPIN " + confirmPin + " sets bits other than 0-1: use 0-3");
        }
        if (numberMessage < 0 || numberMessage > 3 && numberMessage != PinVerifyStructure.DEFAULT_MESSAGES) {
            throw new IllegalArgumentException("bNumberMessage " + numberMessage + " is not 0-3 or FF for a PIN modification");
        }
        Bytes.checkByte("bMsgIndex1", msgIndex1);
        Bytes.checkByte("bMsgIndex2", msgIndex2);
        Bytes.checkByte("bMsgIndex3", msgIndex3);
        PinVerifyStructure.checkApdu(apdu, entry.format(), (confirmPin & ENTER_CURRENT) != 0 ? offsetOld : 0);
        apdu = PinVerifyStructure.checkApdu(apdu, entry.format(), offsetNew);
    }

    /**
     * A modification with messages 0, 1, 2 (enter current, enter new, confirm new) for those asked:
     * {@code bNumberMessage} is how many of them {@code confirmPin} asks for.
     */
    public static PinModifyStructure of(PinEntry entry, int offsetOld, int offsetNew, int confirmPin, byte[] apdu) {
        int messages = 1 + Integer.bitCount(confirmPin);
        return new PinModifyStructure(entry, offsetOld, offsetNew, confirmPin, messages, 0x00, 0x01, 0x02, apdu);
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
        b[5] = (byte) offsetOld;
        b[6] = (byte) offsetNew;
        Bytes.putWord(b, 7, e.maxExtraDigit());
        b[9] = (byte) confirmPin;
        b[10] = (byte) e.entryValidation();
        b[11] = (byte) numberMessage;
        Bytes.putWord(b, 12, e.langId());
        b[14] = (byte) msgIndex1;
        b[15] = (byte) msgIndex2;
        b[16] = (byte) msgIndex3;
        Bytes.putLong(b, 20, apdu.length);
        System.arraycopy(apdu, 0, b, HEADER, apdu.length);
        return b;
    }

    /** The structure in {@code b}, refused (with {@link Part10FormatException}) when it is not one: the test reader's side. */
    public static PinModifyStructure decode(byte[] b) {
        if (b.length < HEADER || b.length > HEADER + PinVerifyStructure.MAX_APDU) {
            throw new Part10FormatException("a PIN_MODIFY_STRUCTURE of " + b.length + " bytes is not " + HEADER + " bytes and an APDU of 4 to "
                    + PinVerifyStructure.MAX_APDU);
        }
        PinVerifyStructure.checkData(b, 20, HEADER, "PIN_MODIFY_STRUCTURE");
        PinVerifyStructure.checkTeo(b, 17, "PIN_MODIFY_STRUCTURE");
        try {
            int w = Bytes.word(b, 7);
            PinEntry e = new PinEntry(b[0] & 0xFF, b[1] & 0xFF, new PinBlockFormat(b[2] & 0xFF, b[3] & 0xFF, b[4] & 0xFF), w >> 8, w & 0xFF,
                    b[10] & 0xFF, Bytes.word(b, 12));
            return new PinModifyStructure(e, b[5] & 0xFF, b[6] & 0xFF, b[9] & 0xFF, b[11] & 0xFF, b[14] & 0xFF, b[15] & 0xFF, b[16] & 0xFF,
                    Arrays.copyOfRange(b, HEADER, b.length));
        } catch (IllegalArgumentException bad) {
            throw new Part10FormatException("PIN_MODIFY_STRUCTURE refused: " + bad.getMessage());
        }
    }
}
