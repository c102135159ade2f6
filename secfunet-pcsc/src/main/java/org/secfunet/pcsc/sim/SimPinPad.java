package org.secfunet.pcsc.sim;

import java.util.Arrays;
import org.secfunet.pcsc.part10.PinBlockFormat;
import org.secfunet.pcsc.part10.PinEntry;
import org.secfunet.pcsc.part10.PinModifyStructure;
import org.secfunet.pcsc.part10.PinVerifyStructure;

/**
 * The SIM's and USIM's PIN1 commands as PC/SC part 10 structures, for a pinpad reader to complete:
 * the VERIFY, CHANGE and UNBLOCK PIN {@link SimCard} sends (GSM 11.11 §9.2.9-§9.2.12 with CLA A0 on a
 * SIM; ETSI TS 102 221 §11.1.9-§11.1.13 / TS 31.102 with CLA 00 on a USIM). Their fields are 8 bytes
 * of ASCII digits padded with FF, so every structure uses {@link PinBlockFormat#asciiBytes
 * asciiBytes(0, 8)}: {@code bmFormatString} 0x82 (units bytes, position 0, left-justified, ASCII),
 * {@code bmPINBlockString} 0x08 (8-byte block, no length field: the card strips the FF padding),
 * {@code bmPINLengthFormat} 0x00; the APDU's template is all FF. A PIN has 4 to 8 digits; the PUK has
 * 8, but one structure has one wPINMaxExtraDigit for both entries of UNBLOCK, so it says 4 to 8
 * and the card refuses a short PUK as a wrong one.
 */
public final class SimPinPad {
    /** VERIFY (CHV), CHANGE and UNBLOCK PIN instructions (GSM 11.11 §9.2.9, §9.2.10, §9.2.12; TS 102 221 §11.1.9-§11.1.13). */
    public static final int INS_VERIFY = 0x20;
    public static final int INS_CHANGE = 0x24;
    public static final int INS_UNBLOCK = 0x2C;
    /** DISABLE and ENABLE PIN (GSM 11.11 DISABLE/ENABLE CHV; TS 102 221 §11.1.11, §11.1.12): P1 00, the PIN's 8-byte field. */
    public static final int INS_DISABLE = 0x26;
    public static final int INS_ENABLE = 0x28;
    /** P2 of PIN1 (CHV1); a SIM's UNBLOCK CHV names CHV1 with P2 00 (GSM 11.11 §9.2.12). */
    public static final int P2_PIN1 = 0x01;
    public static final int P2_SIM_UNBLOCK_CHV1 = 0x00;
    /** CLA of a SIM (GSM 11.11) and of a USIM (ISO 7816-4). */
    public static final int CLA_SIM = 0xA0;
    public static final int CLA_USIM = 0x00;
    public static final int FIELD = 8;
    public static final int MIN_PIN = 4;
    private static final byte PAD = (byte) 0xFF;

    private SimPinPad() {
    }

    private static PinEntry entry() {
        return PinEntry.ascii(PinBlockFormat.asciiBytes(0, FIELD), MIN_PIN, FIELD);
    }

    /** VERIFY PIN1: CLA 20 00 01 08 and an all-FF field. */
    public static PinVerifyStructure verifyPin(SimCard.Kind kind) {
        return PinVerifyStructure.of(entry(), apdu(kind, INS_VERIFY, P2_PIN1, FIELD));
    }

    /** ENABLE ({@code enabled}) or DISABLE PIN1, proven with the PIN: CLA 28|26 00 01 08 and an all-FF field. */
    public static PinVerifyStructure setPinEnabled(SimCard.Kind kind, boolean enabled) {
        return PinVerifyStructure.of(entry(), apdu(kind, enabled ? INS_ENABLE : INS_DISABLE, P2_PIN1, FIELD));
    }

    /** CHANGE PIN1: CLA 24 00 01 10; the current PIN at 0, the new one at 8, typed twice (bConfirmPIN 03). */
    public static PinModifyStructure changePin(SimCard.Kind kind) {
        return PinModifyStructure.of(entry(), 0, FIELD, PinModifyStructure.ENTER_CURRENT | PinModifyStructure.CONFIRM_NEW,
                apdu(kind, INS_CHANGE, P2_PIN1, 2 * FIELD));
    }

    /**
     * UNBLOCK PIN1 with PUK1: CLA 2C 00 P2 10 (P2 00 on a SIM, 01 on a USIM); the PUK is the entry the
     * reader asks first (bInsertionOffsetOld 0), the new PIN follows at 8 and is typed twice.
     */
    public static PinModifyStructure unblockPin(SimCard.Kind kind) {
        return PinModifyStructure.of(entry(), 0, FIELD, PinModifyStructure.ENTER_CURRENT | PinModifyStructure.CONFIRM_NEW,
                apdu(kind, INS_UNBLOCK, kind == SimCard.Kind.SIM ? P2_SIM_UNBLOCK_CHV1 : P2_PIN1, 2 * FIELD));
    }

    private static byte[] apdu(SimCard.Kind kind, int ins, int p2, int lc) {
        byte[] a = new byte[5 + lc];
        a[0] = (byte) (kind == SimCard.Kind.SIM ? CLA_SIM : CLA_USIM);
        a[1] = (byte) ins;
        a[2] = 0x00;
        a[3] = (byte) p2;
        a[4] = (byte) lc;
        Arrays.fill(a, 5, a.length, PAD);
        return a;
    }
}
