package org.secfunet.pcsc.eapcard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class EapCardPinPadTest {
    private static final String FF8 = "FF FF FF FF FF FF FF FF";

    @Test
    void verifyPinIsTheCardsVerifyWithAnFfTemplate() {
        assertThat(Hex.encode(EapCardPinPad.verifyPin().encode())).isEqualTo(Hex.encode(Hex.decode(""
                + "00 00"          // bTimerOut, bTimerOut2: the reader's defaults
                + "82 08 00"       // ASCII at byte 0 in bytes, left; 8-byte block; no length field
                + "08 04"          // 4 to 8 digits
                + "02 01 09 04 00" // OK key; one message; English; message 0
                + "00 00 00"       // bTeoPrologue
                + "0D 00 00 00"    // 13 bytes of APDU
                + "A0 20 00 00 08" + FF8)));
    }

    @Test
    void changePinAsksTheCurrentPinThenTheNewOneTwice() {
        assertThat(Hex.encode(EapCardPinPad.changePin().encode())).isEqualTo(Hex.encode(Hex.decode(""
                + "00 00 82 08 00" // timeouts; ASCII at 0, 8-byte block, no length
                + "00 08"          // current PIN at data byte 0, new PIN at 8
                + "08 04"          // 4 to 8 digits
                + "03 02 03 09 04" // bConfirmPIN current + confirm; OK key; 3 messages; English
                + "00 01 02"       // messages 0, 1, 2
                + "00 00 00 15 00 00 00"
                + "A0 24 00 00 10" + FF8 + FF8)));
    }

    @Test
    void aWrongPinIs630x() {
        assertThat(org.secfunet.pcsc.part10.PinEntryOutcome.of(Hex.decode("63 02"), EapCardPinPad.WRONG_TRIES))
                .isEqualTo(new org.secfunet.pcsc.part10.PinEntryOutcome.WrongPin(0x6302, 2));
    }
}
