package org.secfunet.card.pin;

/**
 * The status words a card answers to PIN commands. {@code wrong} is OR-ed with the tries left
 * when {@code countsTries} (63Cx of ISO 7816-4, or 630x on the EAP-TLS card), else sent
 * as it is (GSM 11.11 9804).
 */
public record PinStatusWords(int wrong, boolean countsTries, int blocked, int badReference, int badNewPin, int notInThisState) {
    /** Wrong PIN, x tries left (ISO 7816-4 63Cx). */
    public static final int ISO_WRONG_TRIES = 0x63C0;
    /** Authentication method blocked (ISO 7816-4 6983). */
    public static final int ISO_BLOCKED = 0x6983;
    /** Incorrect parameters P1-P2 (ISO 7816-4 6A86). */
    public static final int ISO_BAD_P1P2 = 0x6A86;
    /** Incorrect parameters in the data field (ISO 7816-4 6A80). */
    public static final int ISO_BAD_DATA = 0x6A80;
    /** Conditions of use not satisfied (ISO 7816-4 6985). */
    public static final int ISO_CONDITIONS = 0x6985;

    /** The answer to a wrong PIN with {@code left} tries left. */
    int wrongWith(int left) {
        return countsTries ? wrong | left : wrong;
    }

    /** ISO 7816-4 words (the USIM's of TS 102 221 §10.2.1 and the test card's). */
    public static final PinStatusWords ISO = new PinStatusWords(ISO_WRONG_TRIES, true, ISO_BLOCKED, ISO_BAD_P1P2, ISO_BAD_DATA, ISO_CONDITIONS);
}
