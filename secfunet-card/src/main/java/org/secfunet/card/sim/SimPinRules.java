package org.secfunet.card.sim;

import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.pin.PinCommands;
import org.secfunet.card.pin.PinField;
import org.secfunet.card.pin.PinRef;
import org.secfunet.card.pin.PinRules;
import org.secfunet.card.pin.PinStatusWords;

/**
 * PIN1 and PUK1 of the software UICC, in the USIM form (TS 102 221 §11.1.9-11.1.13, CLA 00, PIN1
 * is key reference 01) and the GSM form (GSM 11.11 §9.2.9-9.2.13, CLA A0: CHV1). PINs are 8-byte
 * fields of 4 to 8 ASCII digits padded with FF.
 */
final class SimPinRules {
    /** 8-byte PIN fields, ASCII digits padded with FF. */
    static final int FIELD = 8;
    static final int MIN_PIN = 4;
    /** PIN1's key reference (TS 102 221 §9.5.1). */
    static final int PIN1 = 0x01;

    /** GSM 11.11 §9.4.5: unsuccessful CHV verification, at least one attempt left. */
    static final int GSM_WRONG = 0x9804;
    /** GSM 11.11 §9.4.5: unsuccessful CHV verification, no attempt left (CHV blocked). */
    static final int GSM_BLOCKED = 0x9840;
    /** GSM 11.11 §9.4.5: in contradiction with CHV status. */
    static final int GSM_CONTRADICTION = 0x9808;

    private static final PinField PIN_FIELD = new PinField(FIELD, FIELD, FIELD, MIN_PIN, true);

    /** USIM form: ISO words, 63Cx. */
    static final PinRules USIM = new PinRules(PIN_FIELD, PinStatusWords.ISO, c -> reference(c, PIN1), true);
    /** GSM form: GSM 11.11 words (§9.4.6: 6B00 for a wrong P1/P2 and for a bad new CHV); UNBLOCK CHV names CHV1 with P2 00. */
    static final PinRules GSM = new PinRules(PIN_FIELD,
            new PinStatusWords(GSM_WRONG, false, GSM_BLOCKED, StatusWord.WRONG_P1P2, StatusWord.WRONG_P1P2, GSM_CONTRADICTION),
            c -> reference(c, c.ins() == PinCommands.UNBLOCK ? 0x00 : PIN1), true);

    private SimPinRules() {
    }

    private static PinRef reference(CommandApdu c, int keyRef) {
        return c.p1() == 0x00 && c.p2() == keyRef ? PinRef.PIN : null;
    }
}
