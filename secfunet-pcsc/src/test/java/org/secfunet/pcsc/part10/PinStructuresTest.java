package org.secfunet.pcsc.part10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

/** PIN_VERIFY_STRUCTURE and PIN_MODIFY_STRUCTURE byte for byte against PC/SC part 10 v2.02.09 §2.5.2/§2.5.3. */
class PinStructuresTest {
    private static final String FF8 = "FF FF FF FF FF FF FF FF";

    @Test
    void verifyStructureIsPackedLittleEndian() {
        PinVerifyStructure s = PinVerifyStructure.of(PinEntry.ascii(PinBlockFormat.asciiBytes(0, 8), 4, 8), Hex.decode("A0 20 00 00 08" + FF8));
        String expected = ""
                + "00"          // bTimerOut: the reader's default
                + "00"          // bTimerOut2: the reader's default
                + "82"          // bmFormatString: units bytes (80), position 0, left, ASCII (02)
                + "08"          // bmPINBlockString: no length field, block of 8 bytes
                + "00"          // bmPINLengthFormat: no length field
                + "08 04"       // wPINMaxExtraDigit 0x0408 little endian: max 8, min 4
                + "02"          // bEntryValidationCondition: the OK key
                + "01"          // bNumberMessage: one
                + "09 04"       // wLangId 0x0409 little endian
                + "00"          // bMsgIndex
                + "00 00 00"    // bTeoPrologue
                + "0D 00 00 00" // ulDataLength 13 little endian
                + "A0 20 00 00 08" + FF8; // abData: VERIFY with the FF template
        assertThat(Hex.encode(s.encode())).isEqualTo(Hex.encode(Hex.decode(expected)));
        assertThat(s.encode()).hasSize(PinVerifyStructure.HEADER + 13);
    }

    @Test
    void modifyStructureIsPackedLittleEndian() {
        PinEntry e = new PinEntry(30, 15, PinBlockFormat.asciiBytes(0, 8), 4, 8, PinEntry.VALIDATION_KEY | PinEntry.MAX_SIZE_REACHED, 0x040C);
        PinModifyStructure s = PinModifyStructure.of(e, 0, 8, PinModifyStructure.ENTER_CURRENT | PinModifyStructure.CONFIRM_NEW,
                Hex.decode("A0 24 00 01 10" + FF8 + FF8));
        String expected = ""
                + "1E"          // bTimerOut 30 s
                + "0F"          // bTimerOut2 15 s
                + "82"          // bmFormatString: bytes, position 0, left, ASCII
                + "08"          // bmPINBlockString: block of 8 bytes
                + "00"          // bmPINLengthFormat
                + "00"          // bInsertionOffsetOld: current PIN at data byte 0
                + "08"          // bInsertionOffsetNew: new PIN at data byte 8
                + "08 04"       // wPINMaxExtraDigit: max 8, min 4
                + "03"          // bConfirmPIN: current PIN asked, new PIN confirmed
                + "03"          // bEntryValidationCondition: max size or OK key
                + "03"          // bNumberMessage: three
                + "0C 04"       // wLangId 0x040C (French) little endian
                + "00 01 02"    // bMsgIndex1..3
                + "00 00 00"    // bTeoPrologue
                + "15 00 00 00" // ulDataLength 21
                + "A0 24 00 01 10" + FF8 + FF8;
        assertThat(Hex.encode(s.encode())).isEqualTo(Hex.encode(Hex.decode(expected)));
    }

    @Test
    void decodeGivesTheFieldsBack() {
        byte[] b = PinModifyStructure.of(PinEntry.ascii(PinBlockFormat.asciiBytes(0, 8), 4, 8), 0, 8, 3, Hex.decode("00 2C 00 01 10" + FF8 + FF8)).encode();
        PinModifyStructure m = PinModifyStructure.decode(b);
        assertThat(m.offsetNew()).isEqualTo(8);
        assertThat(m.confirmPin()).isEqualTo(3);
        assertThat(m.entry().minDigits()).isEqualTo(4);
        assertThat(m.entry().maxDigits()).isEqualTo(8);
        assertThat(m.entry().format().position()).isZero();
        assertThat(m.entry().format().blockBytes()).isEqualTo(8);
        assertThat(m.entry().format().encoding()).isEqualTo(PinBlockFormat.ASCII);
        assertThat(Hex.encode(m.apdu())).isEqualTo(Hex.encode(Hex.decode("00 2C 00 01 10" + FF8 + FF8)));
    }

    @Property
    void verifyRoundTrips(@ForAll @IntRange(max = 255) int t1, @ForAll @IntRange(max = 255) int t2, @ForAll @IntRange(max = 7) int pos,
                          @ForAll @IntRange(min = 1, max = 8) int min, @ForAll @IntRange(min = 1, max = 7) int cond,
                          @ForAll @IntRange(max = 0xFFFF) int lang, @ForAll @IntRange(max = 255) int msg) {
        PinEntry e = new PinEntry(t1, t2, PinBlockFormat.asciiBytes(pos, 8), min, 8, cond, lang);
        byte[] apdu = Hex.decode("00 20 00 01 10" + FF8 + FF8);
        byte[] b = new PinVerifyStructure(e, 1, msg, apdu).encode();
        PinVerifyStructure d = PinVerifyStructure.decode(b);
        assertThat(d.entry()).isEqualTo(e);
        assertThat(d.msgIndex()).isEqualTo(msg);
        assertThat(d.encode()).isEqualTo(b);
    }

    @Property
    void modifyRoundTrips(@ForAll @IntRange(max = 8) int old, @ForAll @IntRange(max = 8) int fresh, @ForAll @IntRange(max = 3) int confirm,
                          @ForAll @IntRange(min = 1, max = 8) int min, @ForAll @IntRange(max = 255) int m1) {
        PinEntry e = new PinEntry(0, 0, PinBlockFormat.asciiBytes(0, 8), min, 8, PinEntry.VALIDATION_KEY, PinEntry.LANG_EN_US);
        byte[] b = new PinModifyStructure(e, old, fresh, confirm, 3, m1, 1, 2, Hex.decode("00 24 00 01 10" + FF8 + FF8)).encode();
        PinModifyStructure d = PinModifyStructure.decode(b);
        assertThat(d.entry()).isEqualTo(e);
        assertThat(d.offsetOld()).isEqualTo(old);
        assertThat(d.offsetNew()).isEqualTo(fresh);
        assertThat(d.msgIndex1()).isEqualTo(m1);
        assertThat(d.encode()).isEqualTo(b);
    }

    @Test
    void badValuesAreRefused() {
        PinBlockFormat f = PinBlockFormat.asciiBytes(0, 8);
        byte[] apdu = Hex.decode("A0 20 00 00 08" + FF8);
        assertThatThrownBy(() -> new PinBlockFormat(0x83, 8, 0)).hasMessageContaining("RFU encoding");
        assertThatThrownBy(() -> new PinBlockFormat(0x82, 8, 0x20)).hasMessageContaining("RFU bits");
        assertThatThrownBy(() -> new PinBlockFormat(0x100, 8, 0)).hasMessageContaining("not a byte");
        assertThatThrownBy(() -> PinBlockFormat.asciiBytes(16, 8)).hasMessageContaining("4-bit");
        assertThatThrownBy(() -> new PinEntry(256, 0, f, 4, 8, 2, 0x409)).hasMessageContaining("bTimerOut 256");
        assertThatThrownBy(() -> new PinEntry(0, 0, f, 9, 8, 2, 0x409)).hasMessageContaining("no range");
        assertThatThrownBy(() -> new PinEntry(0, 0, f, 0, 8, 2, 0x409)).hasMessageContaining("no range");
        assertThatThrownBy(() -> new PinEntry(0, 0, f, 4, 9, 2, 0x409)).hasMessageContaining("do not fit");
        assertThatThrownBy(() -> new PinEntry(0, 0, f, 4, 8, 0, 0x409)).hasMessageContaining("bEntryValidationCondition");
        assertThatThrownBy(() -> new PinEntry(0, 0, f, 4, 8, 8, 0x409)).hasMessageContaining("bEntryValidationCondition");
        assertThatThrownBy(() -> new PinEntry(0, 0, f, 4, 8, 2, 0x10000)).hasMessageContaining("wLangId");
        PinEntry e = PinEntry.ascii(f, 4, 8);
        assertThatThrownBy(() -> new PinVerifyStructure(e, 2, 0, apdu)).hasMessageContaining("bNumberMessage 2");
        assertThatThrownBy(() -> PinVerifyStructure.of(e, Hex.decode("A0 20 00"))).hasMessageContaining("short APDU");
        assertThatThrownBy(() -> PinVerifyStructure.of(e, new byte[PinVerifyStructure.MAX_APDU + 1])).hasMessageContaining("short APDU");
        assertThatThrownBy(() -> PinVerifyStructure.of(e, Hex.decode("A0 20 00 00 04 FF FF FF FF"))).hasMessageContaining("PIN block ends at byte 8");
        assertThatThrownBy(() -> PinModifyStructure.of(e, 0, 9, 3, Hex.decode("A0 24 00 00 10" + FF8 + FF8))).hasMessageContaining("ends at byte 17");
        assertThatThrownBy(() -> PinModifyStructure.of(e, 0, 8, 4, Hex.decode("A0 24 00 00 10" + FF8 + FF8))).hasMessageContaining("bConfirmPIN");
        assertThatThrownBy(() -> new PinModifyStructure(e, 0, 8, 3, 4, 0, 1, 2, Hex.decode("A0 24 00 00 10" + FF8 + FF8)))
                .hasMessageContaining("bNumberMessage 4");
    }

    @Test
    void malformedStructuresAreRefused() {
        byte[] good = PinVerifyStructure.of(PinEntry.ascii(PinBlockFormat.asciiBytes(0, 8), 4, 8), Hex.decode("A0 20 00 00 08" + FF8)).encode();
        assertThatThrownBy(() -> PinVerifyStructure.decode(new byte[18])).isInstanceOf(Part10FormatException.class).hasMessageContaining("18 bytes");
        assertThatThrownBy(() -> PinVerifyStructure.decode(new byte[19 + 262])).isInstanceOf(Part10FormatException.class);
        byte[] len = good.clone();
        len[15] = 12;
        assertThatThrownBy(() -> PinVerifyStructure.decode(len)).isInstanceOf(Part10FormatException.class).hasMessageContaining("ulDataLength 12 but 13");
        byte[] teo = good.clone();
        teo[13] = 1;
        assertThatThrownBy(() -> PinVerifyStructure.decode(teo)).isInstanceOf(Part10FormatException.class).hasMessageContaining("bTeoPrologue");
        byte[] cond = good.clone();
        cond[7] = 0;
        assertThatThrownBy(() -> PinVerifyStructure.decode(cond)).isInstanceOf(Part10FormatException.class).hasMessageContaining("bEntryValidationCondition");
        assertThatThrownBy(() -> PinModifyStructure.decode(good)).isInstanceOf(Part10FormatException.class);
    }
}
