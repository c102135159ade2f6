package org.secfunet.pcsc.sim;

import java.util.Arrays;
import org.secfunet.pcsc.part10.PinBlockFormat;
import org.secfunet.pcsc.part10.PinEntry;
import org.secfunet.pcsc.part10.PinModifyStructure;
import org.secfunet.pcsc.part10.PinVerifyStructure;
import org.secfunet.pcsc.sim.SimCommands.Ins;
import org.secfunet.pcsc.sim.SimCommands.Pin;

/**
 * The SIM's and USIM's PIN1 commands as PC/SC part 10 structures, for a pinpad reader to complete:
 * the VERIFY, CHANGE, DISABLE, ENABLE and UNBLOCK PIN {@link SimCard} sends (GSM 11.11 §9.2.9-§9.2.13
 * with CLA A0 on a SIM; ETSI TS 102 221 §11.1.9-§11.1.13 with CLA 00 on a USIM), built from
 * {@link SimCommands}. Their fields are 8 bytes of ASCII digits padded with FF, so every structure
 * uses {@link PinBlockFormat#asciiBytes asciiBytes(0, 8)}: {@code bmFormatString} 0x82 (units bytes, position 0, left-justified, ASCII),
 * {@code bmPINBlockString} 0x08 (8-byte block, no length field: the card strips the FF padding),
 * {@code bmPINLengthFormat} 0x00; the APDU's template is all FF. A PIN has 4 to 8 digits; the PUK has
 * 8, but one structure has one wPINMaxExtraDigit for both entries of UNBLOCK, so it says 4 to 8
 * and the card refuses a short PUK as a wrong one.
 */
public final class SimPinPad {
    private SimPinPad() {
    }

    private static PinEntry entry() {
        return PinEntry.ascii(PinBlockFormat.asciiBytes(0, Pin.FIELD), Pin.MIN_PIN, Pin.FIELD);
    }

    /** VERIFY PIN1: CLA 20 00 01 08 and an all-FF field. */
    public static PinVerifyStructure verifyPin(SimCard.Kind kind) {
        return PinVerifyStructure.of(entry(), apdu(kind, Ins.VERIFY, Pin.P2_PIN1, Pin.FIELD));
    }

    /** ENABLE ({@code enabled}) or DISABLE PIN1, proven with the PIN: CLA 28|26 00 01 08 and an all-FF field. */
    public static PinVerifyStructure setPinEnabled(SimCard.Kind kind, boolean enabled) {
        return PinVerifyStructure.of(entry(), apdu(kind, enabled ? Ins.ENABLE : Ins.DISABLE, Pin.P2_PIN1, Pin.FIELD));
    }

    /** CHANGE PIN1: CLA 24 00 01 10; the current PIN at 0, the new one at 8, typed twice (bConfirmPIN 03). */
    public static PinModifyStructure changePin(SimCard.Kind kind) {
        return PinModifyStructure.of(entry(), 0, Pin.FIELD, PinModifyStructure.ENTER_CURRENT | PinModifyStructure.CONFIRM_NEW,
                apdu(kind, Ins.CHANGE, Pin.P2_PIN1, 2 * Pin.FIELD));
    }

    /**
     * UNBLOCK PIN1 with PUK1: CLA 2C 00 P2 10 (P2 00 on a SIM, 01 on a USIM); the PUK is the entry the
     * reader asks first (bInsertionOffsetOld 0), the new PIN follows at 8 and is typed twice.
     */
    public static PinModifyStructure unblockPin(SimCard.Kind kind) {
        return PinModifyStructure.of(entry(), 0, Pin.FIELD, PinModifyStructure.ENTER_CURRENT | PinModifyStructure.CONFIRM_NEW,
                apdu(kind, Ins.UNBLOCK, kind == SimCard.Kind.SIM ? Pin.P2_SIM_UNBLOCK_CHV1 : Pin.P2_PIN1, 2 * Pin.FIELD));
    }

    private static byte[] apdu(SimCard.Kind kind, int ins, int p2, int lc) {
        byte[] a = new byte[5 + lc];
        a[0] = (byte) (kind == SimCard.Kind.SIM ? SimCommands.CLA_SIM : SimCommands.CLA_USIM);
        a[1] = (byte) ins;
        a[2] = (byte) Pin.P1;
        a[3] = (byte) p2;
        a[4] = (byte) lc;
        Arrays.fill(a, 5, a.length, Pin.PAD);
        return a;
    }
}
