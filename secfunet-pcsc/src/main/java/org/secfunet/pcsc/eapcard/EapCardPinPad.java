package org.secfunet.pcsc.eapcard;

import java.util.Arrays;
import org.secfunet.pcsc.part10.PinBlockFormat;
import org.secfunet.pcsc.part10.PinEntry;
import org.secfunet.pcsc.part10.PinModifyStructure;
import org.secfunet.pcsc.part10.PinVerifyStructure;

/**
 * The EAP-TLS card's PIN commands as PC/SC part 10 structures, for a pinpad reader to complete:
 * the same VERIFY (A0 20 00 00) and CHANGE PIN (A0 24 00 00) {@link EapSmartcard} sends, whose PIN
 * fields are 8 bytes, the PIN's characters left-justified and padded with FF. So every structure
 * uses {@link PinBlockFormat#asciiBytes asciiBytes(0, 8)}: {@code bmFormatString} 0x82 (units bytes,
 * position 0, left-justified, ASCII: a pinpad types digits, which are printable ASCII the card
 * takes), {@code bmPINBlockString} 0x08 (an 8-byte block, no length field: the card finds the end
 * at the FF padding), {@code bmPINLengthFormat} 0x00 (no length field); the APDU's template is all
 * FF, so the digits the reader writes leave the FF padding behind them. 4 to 8 digits, as the card.
 * A wrong PIN is 630x ({@link #WRONG_TRIES}), not ISO's 63Cx.
 */
public final class EapCardPinPad {
    /** The card's wrong-PIN status word without the tries left (630x), for {@code PinEntryOutcome.of(answer, WRONG_TRIES)}. */
    public static final int WRONG_TRIES = EapCardCommands.Sw.PIN_TRIES_LEFT;
    /** The card's PIN field and the bounds of a PIN (EapSmartcard's fields). */
    public static final int FIELD = 8;
    public static final int MIN_PIN = 4;
    private static final byte PAD = (byte) 0xFF;

    private EapCardPinPad() {
    }

    private static PinEntry entry() {
        return PinEntry.ascii(PinBlockFormat.asciiBytes(0, FIELD), MIN_PIN, FIELD);
    }

    /** VERIFY of the user PIN: A0 20 00 00 08 and an all-FF field. */
    public static PinVerifyStructure verifyPin() {
        return PinVerifyStructure.of(entry(), apdu(EapCardCommands.Ins.VERIFY, FIELD));
    }

    /**
     * CHANGE PIN of the user PIN: A0 24 00 00 10 and two all-FF fields; the reader asks the current
     * PIN (bInsertionOffsetOld 0), then the new one twice (bInsertionOffsetNew 8, bConfirmPIN 03).
     */
    public static PinModifyStructure changePin() {
        return PinModifyStructure.of(entry(), 0, FIELD, PinModifyStructure.ENTER_CURRENT | PinModifyStructure.CONFIRM_NEW,
                apdu(EapCardCommands.Ins.CHANGE_PIN, 2 * FIELD));
    }

    private static byte[] apdu(int ins, int lc) {
        byte[] a = new byte[5 + lc];
        a[0] = (byte) EapCardCommands.CLA;
        a[1] = (byte) ins;
        a[2] = 0x00;
        a[3] = (byte) EapCardCommands.Pin.USER;
        a[4] = (byte) lc;
        Arrays.fill(a, 5, a.length, PAD);
        return a;
    }
}
