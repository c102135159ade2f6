package org.secfunet.card.pin;

import org.secfunet.apdu.StatusWord;

/**
 * The status words a card answers to PIN commands. {@code wrong} is OR-ed with the tries left
 * when {@code countsTries} (63Cx of ISO 7816-4, or 630x on the EAP-TLS card), else sent as it is
 * (GSM 11.11 9804).
 */
public record PinStatusWords(int wrong, boolean countsTries, int blocked, int badReference, int badNewPin, int notInThisState) {
    /** Wrong PIN, x tries left (ISO 7816-4 63Cx): {@link StatusWord#WRONG_PIN_TRIES_LEFT}. */
    public static final int ISO_WRONG_TRIES = StatusWord.WRONG_PIN_TRIES_LEFT;

    /** ISO 7816-4 words (the USIM's of TS 102 221 and the test card's). */
    public static final PinStatusWords ISO = new PinStatusWords(ISO_WRONG_TRIES, true, StatusWord.AUTH_METHOD_BLOCKED,
            StatusWord.INCORRECT_P1P2, StatusWord.WRONG_DATA, StatusWord.CONDITIONS_NOT_SATISFIED);

    /** The answer to a wrong PIN with {@code left} tries left. */
    int wrongWith(int left) {
        return countsTries ? wrong | left : wrong;
    }
}
