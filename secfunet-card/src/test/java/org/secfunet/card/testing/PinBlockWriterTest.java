package org.secfunet.card.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.pcsc.part10.PinBlockFormat;

/** The test pinpad reader places the typed digits where the structure's PIN block format says. */
class PinBlockWriterTest {
    private static byte[] template() {
        return Hex.decode("00 20 00 01 08 FF FF FF FF FF FF FF FF");
    }

    @Test
    void asciiLeftJustifiedAtTheOffsetKeepsThePadding() {
        byte[] apdu = Hex.decode("A0 24 00 01 10" + " FF".repeat(16));
        PinBlockWriter.write(apdu, PinBlockFormat.asciiBytes(0, 8), 0, "1234");
        PinBlockWriter.write(apdu, PinBlockFormat.asciiBytes(0, 8), 8, "56789");
        assertThat(Hex.encode(apdu)).isEqualTo("A024000110" + "31323334FFFFFFFF" + "3536373839FFFFFF");
    }

    @Test
    void rightJustifiedAndBcdNibbles() {
        byte[] ascii = template();
        PinBlockWriter.write(ascii, new PinBlockFormat(0x80 | 1 << 3 | PinBlockFormat.RIGHT_JUSTIFY | PinBlockFormat.ASCII, 6, 0), 0, "1234");
        assertThat(Hex.encode(ascii)).isEqualTo("0020000108" + "FFFFFF31323334FF");
        byte[] bcd = template();
        PinBlockWriter.write(bcd, new PinBlockFormat(0x80 | PinBlockFormat.BCD, 4, 0), 0, "12345");
        assertThat(Hex.encode(bcd)).isEqualTo("0020000108" + "12345FFFFFFFFFFF");
        byte[] right = template();
        PinBlockWriter.write(right, new PinBlockFormat(0x80 | PinBlockFormat.RIGHT_JUSTIFY | PinBlockFormat.BINARY, 4, 0), 0, "123");
        assertThat(Hex.encode(right)).isEqualTo("0020000108" + "FFFFF123FFFFFFFF");
    }

    @Test
    void whatItDoesNotSimulateIsRefused() {
        assertThatThrownBy(() -> PinBlockWriter.write(template(), PinBlockFormat.asciiBytes(0, 4), 0, "12345")).hasMessageContaining("do not fit");
        assertThatThrownBy(() -> PinBlockWriter.write(template(), new PinBlockFormat(PinBlockFormat.ASCII, 8, 0), 0, "1234"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PinBlockWriter.write(template(), PinBlockFormat.asciiBytes(0, 8), 0, "12a4")).hasMessageContaining("digits only");
    }
}
