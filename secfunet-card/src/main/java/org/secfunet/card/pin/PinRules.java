package org.secfunet.card.pin;

import java.util.function.Function;
import org.secfunet.apdu.CommandApdu;

/**
 * What a card's PIN commands look like: its PIN field format, its status words, which PIN a
 * command names (from CLA/INS/P1/P2; null: a wrong reference), and whether it follows the UICC's
 * rules (ETSI TS 102 221 §11.1.9-11.1.13, GSM 11.11 §8.9-8.13): CHANGE of a disabled PIN and
 * ENABLE/DISABLE to the state the PIN is already in are refused, UNBLOCK without data gives the
 * PUK's tries left, and a successful UNBLOCK leaves the new PIN enabled and verified. Without them
 * (ISO 7816-4, the EAP-TLS card) a successful UNBLOCK leaves the PUK verified and the new PIN not.
 */
public record PinRules(PinField field, PinStatusWords sw, Function<CommandApdu, PinRef> reference, boolean uicc) {
}
