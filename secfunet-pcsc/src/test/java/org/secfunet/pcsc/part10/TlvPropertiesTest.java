package org.secfunet.pcsc.part10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class TlvPropertiesTest {
    @Test
    void vpcdsAnswerIsExtendedApdusOf65536Bytes() {
        TlvProperties p = TlvProperties.parse(Hex.decode("0A 04 00 00 01 00"));
        assertThat(p.maxApduDataSize()).isEqualTo(0x10000);
        assertThat(p.present()).containsExactly(TlvProperty.dwMaxAPDUDataSize);
    }

    @Test
    void numbersAreLittleEndianOfTheirOwnSizeAndTextIsText() {
        TlvProperties p = TlvProperties.parse(Hex.decode("01 02 02 10  03 01 05  0B 02 6B 07  0C 02 58 34  08 03 41 42 43  0A 04 FF FF 00 00  06 01 04  07 01 08"));
        assertThat(p.number(TlvProperty.wLcdLayout)).hasValue(0x1002);
        assertThat(p.number(TlvProperty.bTimeOut2)).hasValue(5);
        assertThat(p.number(TlvProperty.wIdVendor)).hasValue(0x076B);
        assertThat(p.number(TlvProperty.wIdProduct)).hasValue(0x3458);
        assertThat(p.number(TlvProperty.bMinPINSize)).hasValue(4);
        assertThat(p.number(TlvProperty.bMaxPINSize)).hasValue(8);
        assertThat(p.firmwareId()).isEqualTo("ABC");
        assertThat(p.number(TlvProperty.sFirmwareID)).isEmpty();
        assertThat(p.maxApduDataSize()).isEqualTo(0xFFFF);
        assertThat(p.number(TlvProperty.bPPDUSupport)).isEmpty();
    }

    @Test
    void absentOrZeroMeansShortAndUnknownTagsAreSkipped() {
        assertThat(TlvProperties.parse(new byte[0]).maxApduDataSize()).isZero();
        assertThat(TlvProperties.parse(Hex.decode("0A 04 00 00 00 00")).maxApduDataSize()).isZero();
        TlvProperties p = TlvProperties.parse(Hex.decode("FE 05 01 02 03 04 05  0A 02 00 08"));
        assertThat(p.maxApduDataSize()).isEqualTo(0x0800);
        assertThat(p.present()).containsExactly(TlvProperty.dwMaxAPDUDataSize);
        assertThat(TlvProperty.dwMaxAPDUDataSize.tag()).isEqualTo(10);
        assertThat(TlvProperty.of(10)).isSameAs(TlvProperty.dwMaxAPDUDataSize);
        assertThat(TlvProperty.of(0)).isNull();
    }

    @Test
    void malformedAnswersAreRefused() {
        assertThatThrownBy(() -> TlvProperties.parse(Hex.decode("0A"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> TlvProperties.parse(Hex.decode("0A 04 00 00 01"))).isInstanceOf(Part10FormatException.class)
                .hasMessageContaining("only 3 bytes follow");
        assertThatThrownBy(() -> TlvProperties.parse(Hex.decode("0A 05 00 00 01 00 00"))).isInstanceOf(Part10FormatException.class)
                .hasMessageContaining("more than a number of 4");
        assertThatThrownBy(() -> TlvProperties.parse(Hex.decode("0A 01 00  0A 01 01"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> TlvProperties.parse(new byte[TlvProperties.MAX_ANSWER + 1])).isInstanceOf(Part10FormatException.class)
                .hasMessageContaining("longer than");
    }
}
