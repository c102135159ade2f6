package org.secfunet.pcsc.eapcard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.pcsc.eapcard.AtrCapabilities.Extended;

class AtrCapabilitiesTest {
    @Test
    void theSoftwareCardsAtrSaysExtendedLcAndLe() {
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 85 01 80 73 00 00 40 37"))).isEqualTo(Extended.YES);
    }

    @Test
    void aCardCapabilitiesByteWithoutB7SaysNo() {
        // a SIM's ATR: TA1, TD1, TD2, TA3, then 80 31 A0 73 BE 21 13 ... (card capabilities 3rd byte 0x13)
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B9F96801FC78031A073BE21136743200718000001A5"))).isEqualTo(Extended.NO);
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 85 01 80 73 00 00 00 37"))).isEqualTo(Extended.NO);
        // category 00: compact-TLV then three status bytes
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 88 01 00 73 00 00 40 00 90 00 00"))).isEqualTo(Extended.YES);
    }

    @Test
    void whatCannotBeReadIsUnknown() {
        assertThat(AtrCapabilities.extendedLength(null)).isEqualTo(Extended.UNKNOWN);
        assertThat(AtrCapabilities.extendedLength(new byte[0])).isEqualTo(Extended.UNKNOWN);
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 00"))).isEqualTo(Extended.UNKNOWN); // no historical bytes
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 85 01 80 73 00"))).isEqualTo(Extended.UNKNOWN); // truncated
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 85 80"))).isEqualTo(Extended.UNKNOWN); // TD1 promises more than there is
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 83 01 80 31 A0 37"))).isEqualTo(Extended.UNKNOWN); // no card capabilities
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 84 01 80 72 00 00 37"))).isEqualTo(Extended.UNKNOWN); // too short an object
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 83 01 10 73 00 37"))).isEqualTo(Extended.UNKNOWN); // proprietary category
        assertThat(AtrCapabilities.extendedLength(Hex.decode("3B 84 01 80 7F 00 00 37"))).isEqualTo(Extended.UNKNOWN); // object longer than the bytes
        assertThat(AtrCapabilities.extendedLength(new byte[34])).isEqualTo(Extended.UNKNOWN);
    }
}
