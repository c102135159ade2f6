package org.secfunet.card.eaptls;

import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.pin.PinCommands;
import org.secfunet.card.pin.PinField;
import org.secfunet.card.pin.PinRef;
import org.secfunet.card.pin.PinRules;
import org.secfunet.card.pin.PinStatusWords;
import org.secfunet.pcsc.eapcard.EapCardCommands.Pin;
import org.secfunet.pcsc.eapcard.EapCardCommands.Sw;

/**
 * The EAP-TLS card's PINs: P2 00 is the user PIN (3 tries), P2 01 the unblock PIN / PUK (10
 * tries), which is also the issuer's authentication for personalization. A PIN is 4 to 8 bytes,
 * sent in an 8-byte field right-padded with FF (VERIFY, ENABLE and DISABLE take it unpadded too).
 * A wrong PIN answers 630x (x tries left), a blocked one 6983.
 */
final class EapPinRules {
    /** The PIN field's width; a PIN's length bounds. */
    static final int FIELD = 8;
    static final int MIN_PIN = 4;
    static final PinRules RULES = new PinRules(new PinField(FIELD, MIN_PIN, FIELD, MIN_PIN, false),
            new PinStatusWords(Sw.PIN_TRIES_LEFT, true, StatusWord.AUTH_METHOD_BLOCKED, StatusWord.WRONG_P1P2, StatusWord.WRONG_DATA,
                    StatusWord.CONDITIONS_NOT_SATISFIED),
            EapPinRules::reference, false);

    private EapPinRules() {
    }

    /** VERIFY and CHANGE: P1 00, P2 00 (user PIN) or 01 (PUK); ENABLE/DISABLE: P2 00; UNBLOCK: the user PIN. */
    private static PinRef reference(CommandApdu c) {
        return switch (c.ins()) {
            case PinCommands.VERIFY, PinCommands.CHANGE -> c.p1() != 0x00 ? null : switch (c.p2()) {
                case Pin.USER -> PinRef.PIN;
                case Pin.UNBLOCK -> PinRef.PUK;
                default -> null;
            };
            case PinCommands.ENABLE, PinCommands.DISABLE -> c.p2() == Pin.USER ? PinRef.PIN : null;
            default -> PinRef.PIN;
        };
    }
}
