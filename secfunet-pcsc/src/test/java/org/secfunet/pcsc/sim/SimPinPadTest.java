package org.secfunet.pcsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class SimPinPadTest {
    private static final String FF8 = "FF FF FF FF FF FF FF FF";
    private static final String VERIFY_HEADER = "00 00 82 08 00 08 04 02 01 09 04 00 00 00 00"; // up to bTeoPrologue, as EapCardPinPadTest
    private static final String MODIFY_HEADER = "00 00 82 08 00 00 08 08 04 03 02 03 09 04 00 01 02 00 00 00"; // up to bTeoPrologue

    @Test
    void verifyChv1OnASimAndAUsim() {
        assertThat(Hex.encode(SimPinPad.verifyPin(SimCard.Kind.SIM).encode()))
                .isEqualTo(Hex.encode(Hex.decode(VERIFY_HEADER + "0D 00 00 00" + "A0 20 00 01 08" + FF8)));
        assertThat(Hex.encode(SimPinPad.verifyPin(SimCard.Kind.USIM).encode()))
                .isEqualTo(Hex.encode(Hex.decode(VERIFY_HEADER + "0D 00 00 00" + "00 20 00 01 08" + FF8)));
    }

    @Test
    void changePin1() {
        assertThat(Hex.encode(SimPinPad.changePin(SimCard.Kind.USIM).encode()))
                .isEqualTo(Hex.encode(Hex.decode(MODIFY_HEADER + "15 00 00 00" + "00 24 00 01 10" + FF8 + FF8)));
    }

    @Test
    void unblockPin1WithThePukFirst() {
        // the SIM names CHV1 with P2 00 in UNBLOCK CHV (GSM 11.11), the USIM PIN1 with 01
        assertThat(Hex.encode(SimPinPad.unblockPin(SimCard.Kind.SIM).encode()))
                .isEqualTo(Hex.encode(Hex.decode(MODIFY_HEADER + "15 00 00 00" + "A0 2C 00 00 10" + FF8 + FF8)));
        assertThat(Hex.encode(SimPinPad.unblockPin(SimCard.Kind.USIM).encode()))
                .isEqualTo(Hex.encode(Hex.decode(MODIFY_HEADER + "15 00 00 00" + "00 2C 00 01 10" + FF8 + FF8)));
    }
}
