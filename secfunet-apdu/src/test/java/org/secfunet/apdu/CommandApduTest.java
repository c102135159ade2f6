package org.secfunet.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandApduTest {

    private static byte[] h(String s) {
        return Hex.decode(s);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "00A40400,                         CASE_1,  0,     0",
        "00B00000 10,                      CASE_2S, 0,     16",
        "00B00000 00,                      CASE_2S, 0,     256",
        "00A40400 02 3F00,                 CASE_3S, 2,     0",
        "00A40400 02 3F00 00,              CASE_4S, 2,     256",
        "00A40400 02 3F00 1A,              CASE_4S, 2,     26",
        "00B00000 00 0101,                 CASE_2E, 0,     257",
        "00B00000 00 0000,                 CASE_2E, 0,     65536",
        "00D00000 00 0003 AABBCC,          CASE_3E, 3,     0",
        "00D00000 00 0003 AABBCC 0000,     CASE_4E, 3,     65536",
        "00D00000 00 0003 AABBCC 1FFE,     CASE_4E, 3,     8190",
    })
    void parsesEveryCaseAndEncodesItBack(String hex, ApduCase expected, int nc, int ne) {
        byte[] bytes = h(hex);
        CommandApdu c = CommandApdu.parse(bytes);
        assertThat(c.apduCase()).isEqualTo(expected);
        assertThat(c.nc()).isEqualTo(nc);
        assertThat(c.ne()).isEqualTo(ne);
        assertThat(c.encode()).isEqualTo(bytes);
    }

    @Test
    void chosesShortFormWhenItFitsAndExtendedOtherwise() {
        assertThat(CommandApdu.of(0, 0xB0, 0, 0, 256).encode()).isEqualTo(h("00B0000000"));
        assertThat(CommandApdu.of(0, 0xB0, 0, 0, 257).encode()).isEqualTo(h("00B00000000101"));
        byte[] big = new byte[256];
        byte[] enc = CommandApdu.of(0, 0xD6, 0, 0, big).encode();
        assertThat(enc).hasSize(4 + 3 + 256);
        assertThat(CommandApdu.of(0, 0xD6, 0, 0, big, 1).encode()).hasSize(4 + 3 + 256 + 2);
        assertThat(CommandApdu.of(0, 0xD6, 0, 0, new byte[255], 256).apduCase()).isEqualTo(ApduCase.CASE_4S);
    }

    @Test
    void forcedExtendedFormIsKeptByWithers() {
        CommandApdu c = CommandApdu.of(0, 0xB0, 0, 0, 10).asExtended();
        assertThat(c.encode()).isEqualTo(h("00B0000000000A"));
        assertThat(c.withNe(20).encode()).isEqualTo(h("00B00000000014"));
        assertThat(CommandApdu.of(0x00, 0xA4, 4, 0).asExtended().encode()).isEqualTo(h("00A40400"));
    }

    @Test
    void largestExtendedCommandRoundTrips() {
        byte[] data = new byte[65535];
        data[65534] = 7;
        CommandApdu c = CommandApdu.of(0x80, 0x01, 0, 0, data, 65536);
        byte[] enc = c.encode();
        assertThat(enc).hasSize(CommandApdu.MAX_ENCODED_LENGTH);
        assertThat(CommandApdu.parse(enc)).isEqualTo(c);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "                   | APDU too short: 0 byte(s)",
        "00A404             | APDU too short: 3 byte(s)",
        "00A40400 00 00     | 6-byte APDU with Lc=00",
        "00A40400 03 3F00   | short Lc says 3 data bytes, but 2 bytes follow",
        "00A40400 02 3F0000AA | short Lc says 2 data bytes, but 4 bytes follow",
        "00D00000 00 0000 AA  | extended Lc of 0000",
        "00D00000 00 0003 AABB | extended Lc says 3 data bytes, but 2 bytes follow",
        "00D00000 00 0003 AABBCC00 | extended Lc says 3 data bytes, but 4 bytes follow",
    })
    void malformedInputGivesAClearMessageNeverAnIndexError(String hex, String message) {
        byte[] bytes = hex == null ? new byte[0] : h(hex);
        assertThatThrownBy(() -> CommandApdu.parse(bytes))
                .isInstanceOf(ApduFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsOversizeAndOutOfRangeFields() {
        assertThatThrownBy(() -> CommandApdu.parse(new byte[CommandApdu.MAX_ENCODED_LENGTH + 1]))
                .isInstanceOf(ApduFormatException.class).hasMessageContaining("APDU too long");
        assertThatThrownBy(() -> CommandApdu.of(0x100, 0, 0, 0)).hasMessageContaining("CLA must be one byte");
        assertThatThrownBy(() -> CommandApdu.of(0, 0, 0, 0, 65537)).hasMessageContaining("Ne 65537 is out of range");
        assertThatThrownBy(() -> CommandApdu.of(0, 0, 0, 0, new byte[65536])).hasMessageContaining("exceeds the extended maximum");
        assertThatThrownBy(() -> CommandApdu.parse(null)).hasMessageContaining("missing");
    }

    @Test
    void dataIsDefensivelyCopied() {
        byte[] d = {1, 2, 3};
        CommandApdu c = CommandApdu.of(0, 1, 0, 0, d);
        d[0] = 9;
        c.data()[1] = 9;
        assertThat(c.data()).containsExactly(1, 2, 3);
    }

    @Test
    void chainingBitIsOnlyInterIndustry() {
        assertThat(CommandApdu.of(0x10, 0xDB, 0, 0).isChained()).isTrue();
        assertThat(CommandApdu.of(0x00, 0xDB, 0, 0).isChained()).isFalse();
        assertThat(CommandApdu.of(0x90, 0xDB, 0, 0).isChained()).isFalse();
    }
}
