package org.secfunet.apdu;

/** The ISO/IEC 7816-3/4 command cases, short (S) and extended (E) form. */
public enum ApduCase {
    /** header only. */
    CASE_1(false, false, false),
    /** header + short Le. */
    CASE_2S(false, true, false),
    /** header + short Lc + data. */
    CASE_3S(true, false, false),
    /** header + short Lc + data + short Le. */
    CASE_4S(true, true, false),
    /** header + extended Le. */
    CASE_2E(false, true, true),
    /** header + extended Lc + data. */
    CASE_3E(true, false, true),
    /** header + extended Lc + data + extended Le. */
    CASE_4E(true, true, true);

    private final boolean hasData;
    private final boolean hasLe;
    private final boolean extended;

    ApduCase(boolean hasData, boolean hasLe, boolean extended) {
        this.hasData = hasData;
        this.hasLe = hasLe;
        this.extended = extended;
    }

    public boolean hasData() {
        return hasData;
    }

    public boolean hasLe() {
        return hasLe;
    }

    public boolean extended() {
        return extended;
    }
}
