package org.secfunet.pcsc.part10;

/**
 * What PIN_VERIFY_STRUCTURE and PIN_MODIFY_STRUCTURE share (PC/SC part 10 v2.02.09 §2.5.2/§2.5.3):
 * {@code bTimerOut} (seconds, 0 the reader's default), {@code bTimerOut2} (seconds after the first
 * key), the {@link PinBlockFormat}, {@code wPINMaxExtraDigit} (0xXXYY: XX the fewest, YY the most
 * digits), {@code bEntryValidationCondition} ({@link #MAX_SIZE_REACHED} | {@link #VALIDATION_KEY} |
 * {@link #TIMEOUT}) and {@code wLangId} (0x0409 English US).
 */
public record PinEntry(int timeout, int timeout2, PinBlockFormat format, int minDigits, int maxDigits, int entryValidation, int langId) {
    /** bEntryValidationCondition bit 0: entry ends when the most digits are typed. */
    public static final int MAX_SIZE_REACHED = 0x01;
    /** bEntryValidationCondition bit 1: entry ends with the validation (OK) key. */
    public static final int VALIDATION_KEY = 0x02;
    /** bEntryValidationCondition bit 2: entry ends at the timeout. */
    public static final int TIMEOUT = 0x04;
    /** wLangId English (United States), what readers without a language table show. */
    public static final int LANG_EN_US = 0x0409;

    public PinEntry {
        Bytes.checkByte("bTimerOut", timeout);
        Bytes.checkByte("bTimerOut2", timeout2);
        if (format == null) {
            throw new IllegalArgumentException("a PIN entry needs a PIN block format");
        }
        if (minDigits < 1 || maxDigits > 0xFF || minDigits > maxDigits) {
            throw new IllegalArgumentException("PIN length " + minDigits + ".." + maxDigits + " is no range: use 1 <= min <= max <= 255 digits");
        }
        if (format.unitsAreBytes() && format.encoding() == PinBlockFormat.ASCII && maxDigits > format.blockBytes()) {
            throw new IllegalArgumentException(maxDigits + " ASCII digits do not fit a PIN block of " + format.blockBytes() + " bytes: lower the most digits");
        }
        if (entryValidation < 1 || entryValidation > 0x07) {
            throw new IllegalArgumentException("bEntryValidationCondition 0x" + Integer.toHexString(entryValidation)
                    + " is not a set of bits 0-2: use max size (01), validation key (02) and/or timeout (04)");
        }
        Bytes.checkWord("wLangId", langId);
    }

    /** ASCII digits typed until the OK key, with the reader's default timeouts, English messages. */
    public static PinEntry ascii(PinBlockFormat format, int minDigits, int maxDigits) {
        return new PinEntry(0, 0, format, minDigits, maxDigits, VALIDATION_KEY, LANG_EN_US);
    }

    /** wPINMaxExtraDigit: the fewest digits in the high byte, the most in the low. */
    public int maxExtraDigit() {
        return minDigits << 8 | maxDigits;
    }
}
