package org.secfunet.pcsc.part10;

import org.secfunet.apdu.StatusWord;

/**
 * What a {@code VERIFY_PIN_DIRECT} or {@code MODIFY_PIN_DIRECT} came to, from the two status
 * bytes the reader answers: the card's own (ISO 7816-4, GSM 11.11) or the reader's (PC/SC part 10:
 * 6400 timeout, 6401 cancelled, both made by pcsc-lite's CCID driver from CCID errors F0/EF in
 * {@code CCID_Receive}; 6402 new PINs differ, 6403 wrong length, 6B80 invalid parameter, which the
 * reader's firmware answers and the driver passes on). A structure the CCID driver itself refuses
 * (wrong {@code ulDataLength}, bNumberMessage above 3) is an {@code IFD_NOT_SUPPORTED} error of the
 * control call, not a status word. Each {@link #message()} is one line and never holds a PIN (none ever
 * reaches the host on this path).
 */
public sealed interface PinEntryOutcome {
    /** 9000: the card took the PIN (or the change). */
    int SW_OK = StatusWord.OK;
    /** ISO 7816-4: wrong PIN, x tries left (63Cx). */
    int SW_WRONG_TRIES_ISO = StatusWord.WRONG_PIN_TRIES_LEFT;
    /** ISO 7816-4: authentication method blocked. */
    int SW_BLOCKED = StatusWord.AUTH_METHOD_BLOCKED;
    /** GSM 11.11 §9.4.5: CHV verification failed (no count given); also SimCommands.Sw.SIM_CHV_WRONG (part10 cannot use sim, which uses part10). */
    int SW_GSM_WRONG = 0x9804;
    /** GSM 11.11 §9.4.5: CHV blocked (unsuccessful verification limit reached); also SimCommands.Sw.SIM_CHV_BLOCKED. */
    int SW_GSM_BLOCKED = 0x9840;
    /** The reader: no PIN typed in time (CCID bError F0 in pcsc-lite's CCID driver, CCID_Receive). */
    int SW_TIMEOUT = 0x6400;
    /** The reader: the user pressed Cancel (CCID bError EF in pcsc-lite's CCID driver, CCID_Receive). */
    int SW_CANCELLED = 0x6401;
    /** The reader, on a modification: the new PIN and its confirmation differ (part 10; the reader's firmware, the CCID driver passes it on). */
    int SW_PINS_DIFFER = 0x6402;
    /** The reader: too few or too many digits for wPINMaxExtraDigit (part 10; the reader's firmware, the CCID driver passes it on). */
    int SW_WRONG_LENGTH = 0x6403;
    /** The reader: a field of the structure it does not take (part 10; e.g. Cherry XX44 firmware with bNumberMessage &lt; 3, per the CCID driver's SecurePINModify). */
    int SW_INVALID_PARAMETER = 0x6B80;
    /** An answer to a PIN command is two status bytes, perhaps after data; more is not one. */
    int MAX_ANSWER = 258;

    /** The status word this outcome came from. */
    int sw();

    /** One line saying what happened and what to do (for the exact-SW outcomes, from {@link PinEntryStatus}'s row). */
    default String message() {
        return PinEntryStatus.messageOf(this);
    }

    /** Whether the card took the PIN. */
    default boolean ok() {
        return this instanceof Verified;
    }

    /** 9000. */
    record Verified(int sw) implements PinEntryOutcome {
    }

    /** A wrong PIN; {@code triesLeft} -1 when the card does not say (GSM 9804). */
    record WrongPin(int sw, int triesLeft) implements PinEntryOutcome {
        public String message() {
            return triesLeft < 0 ? "wrong PIN typed on the pinpad: try again with care" : "wrong PIN typed on the pinpad, " + triesLeft
                    + (triesLeft == 1 ? " try left" : " tries left") + (triesLeft == 0 ? ": the PIN is now blocked, unblock it with the PUK" : "");
        }
    }

    /** The PIN (or PUK) is blocked. */
    record Blocked(int sw) implements PinEntryOutcome {
    }

    /** Nobody typed the PIN in time. */
    record TimedOut(int sw) implements PinEntryOutcome {
    }

    /** The user pressed Cancel on the pinpad. */
    record Cancelled(int sw) implements PinEntryOutcome {
    }

    /** On a modification, the new PIN and its confirmation differed. */
    record PinsDiffer(int sw) implements PinEntryOutcome {
    }

    /** Too few or too many digits. */
    record WrongLength(int sw) implements PinEntryOutcome {
    }

    /** The reader refused the structure. */
    record InvalidParameter(int sw) implements PinEntryOutcome {
    }

    /** Any other status word, the card's. */
    record CardRefused(int sw) implements PinEntryOutcome {
        public String message() {
            return "the card refused the PIN command with SW " + String.format("%04X", sw);
        }
    }

    /** The outcome of {@code answer} for a card whose wrong-PIN words are ISO 7816-4's 63Cx. */
    static PinEntryOutcome of(byte[] answer) {
        return of(answer, SW_WRONG_TRIES_ISO);
    }

    /**
     * The outcome of {@code answer} (data then SW1 SW2, at most {@link #MAX_ANSWER} bytes) for a card
     * whose wrong PIN is {@code wrongTriesBase} | tries left (0x63C0, or 0x6300 for the EAP-TLS card's 630x).
     */
    static PinEntryOutcome of(byte[] answer, int wrongTriesBase) {
        if (answer == null || answer.length < 2 || answer.length > MAX_ANSWER) {
            throw new Part10FormatException("a PIN entry answer of " + (answer == null ? 0 : answer.length) + " bytes is not 2 status bytes after at most "
                    + (MAX_ANSWER - 2) + " of data");
        }
        return ofSw((answer[answer.length - 2] & 0xFF) << 8 | answer[answer.length - 1] & 0xFF, wrongTriesBase);
    }

    /** The outcome of the status word {@code sw}; see {@link #of(byte[], int)}. */
    static PinEntryOutcome ofSw(int sw, int wrongTriesBase) {
        if ((sw & 0xFFF0) == wrongTriesBase || (sw & 0xFFF0) == SW_WRONG_TRIES_ISO) {
            return new WrongPin(sw, sw & 0x0F);
        }
        if (sw == SW_GSM_WRONG) {
            return new WrongPin(sw, -1);
        }
        PinEntryOutcome exact = PinEntryStatus.outcomeOf(sw);
        return exact == null ? new CardRefused(sw) : exact;
    }
}
