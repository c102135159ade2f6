package org.secfunet.card.sim;

import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.pin.PinCommands;
import org.secfunet.card.pin.PinField;
import org.secfunet.card.pin.PinRef;
import org.secfunet.card.pin.PinRules;
import org.secfunet.card.pin.PinStatusWords;
import org.secfunet.pcsc.sim.SimCommands;
import org.secfunet.pcsc.sim.SimCommands.Pin;
import org.secfunet.pcsc.sim.SimCommands.Sw;

/**
 * PIN1 and PUK1 of the software UICC, in the USIM form (TS 102 221 §11.1.9-11.1.13, CLA 00, PIN1
 * is key reference 01) and the GSM form (GSM 11.11 §9.2.9-9.2.13, CLA A0: CHV1). PINs are 8-byte
 * fields of 4 to 8 ASCII digits padded with FF. The codes are {@link SimCommands}'.
 */
final class SimPinRules {
    private static final PinField PIN_FIELD = new PinField(Pin.FIELD, Pin.FIELD, Pin.FIELD, Pin.MIN_PIN, true);

    /** USIM form: ISO words, 63Cx. */
    static final PinRules USIM = new PinRules(PIN_FIELD, PinStatusWords.ISO, c -> reference(c, Pin.P2_PIN1), true);
    /** GSM form: GSM 11.11 words (§9.4.6: 6B00 for a wrong P1/P2 and for a bad new CHV); UNBLOCK CHV names CHV1 with P2 00. */
    static final PinRules GSM = new PinRules(PIN_FIELD,
            new PinStatusWords(Sw.SIM_CHV_WRONG, false, Sw.SIM_CHV_BLOCKED, StatusWord.WRONG_P1P2, StatusWord.WRONG_P1P2, Sw.SIM_CHV_CONTRADICTION),
            c -> reference(c, c.ins() == PinCommands.UNBLOCK ? Pin.P2_SIM_UNBLOCK_CHV1 : Pin.P2_PIN1), true);

    private SimPinRules() {
    }

    private static PinRef reference(CommandApdu c, int keyRef) {
        return c.p1() == Pin.P1 && c.p2() == keyRef ? PinRef.PIN : null;
    }
}
