package org.secfunet.pcsc.part10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class PinOutcomeAndPropertiesTest {
    @Test
    void pinPropertiesAreLittleEndian() {
        // wLcdLayout 0x0210 (2 lines of 16), bEntryValidationCondition 07, bTimeOut2 0A
        PinProperties p = PinProperties.parse(Hex.decode("10 02 07 0A"));
        assertThat(p.lcdLayout()).isEqualTo(0x0210);
        assertThat(p.lcdLines()).isEqualTo(2);
        assertThat(p.lcdCharacters()).isEqualTo(16);
        assertThat(p.hasDisplay()).isTrue();
        assertThat(p.entryValidation()).isEqualTo(7);
        assertThat(p.timeout2()).isEqualTo(10);
        assertThat(PinProperties.parse(Hex.decode("00 00 02 00")).hasDisplay()).isFalse();
    }

    @Test
    void pinPropertiesOfAnotherSizeAreRefused() {
        assertThatThrownBy(() -> PinProperties.parse(Hex.decode("00 00 02"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> PinProperties.parse(new byte[5])).isInstanceOf(Part10FormatException.class).hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> PinProperties.parse(null)).isInstanceOf(Part10FormatException.class);
    }

    @Test
    void statusWordsMapToOutcomes() {
        assertThat(PinEntryOutcome.of(Hex.decode("90 00"))).isInstanceOf(PinEntryOutcome.Verified.class).matches(PinEntryOutcome::ok);
        assertThat(PinEntryOutcome.of(Hex.decode("63 C2"))).isEqualTo(new PinEntryOutcome.WrongPin(0x63C2, 2));
        assertThat(PinEntryOutcome.of(Hex.decode("63 02"), 0x6300)).as("the EAP-TLS card's 630x").isEqualTo(new PinEntryOutcome.WrongPin(0x6302, 2));
        assertThat(PinEntryOutcome.of(Hex.decode("63 02"))).isInstanceOf(PinEntryOutcome.CardRefused.class);
        assertThat(PinEntryOutcome.of(Hex.decode("69 83"))).isInstanceOf(PinEntryOutcome.Blocked.class);
        assertThat(PinEntryOutcome.of(Hex.decode("98 40"))).isInstanceOf(PinEntryOutcome.Blocked.class);
        assertThat(PinEntryOutcome.of(Hex.decode("98 04"))).isEqualTo(new PinEntryOutcome.WrongPin(0x9804, -1));
        assertThat(PinEntryOutcome.of(Hex.decode("64 00"))).isInstanceOf(PinEntryOutcome.TimedOut.class);
        assertThat(PinEntryOutcome.of(Hex.decode("64 01"))).isInstanceOf(PinEntryOutcome.Cancelled.class);
        assertThat(PinEntryOutcome.of(Hex.decode("64 02"))).isInstanceOf(PinEntryOutcome.PinsDiffer.class);
        assertThat(PinEntryOutcome.of(Hex.decode("64 03"))).isInstanceOf(PinEntryOutcome.WrongLength.class);
        assertThat(PinEntryOutcome.of(Hex.decode("6B 80"))).isInstanceOf(PinEntryOutcome.InvalidParameter.class);
        assertThat(PinEntryOutcome.of(Hex.decode("6A 82"))).isEqualTo(new PinEntryOutcome.CardRefused(0x6A82));
        assertThat(PinEntryOutcome.of(Hex.decode("01 02 90 00"))).as("data before the SW").isInstanceOf(PinEntryOutcome.Verified.class);
    }

    @Test
    void messagesAreOneLineAndSayWhatToDo() {
        assertThat(new PinEntryOutcome.WrongPin(0x63C2, 2).message()).isEqualTo("wrong PIN typed on the pinpad, 2 tries left");
        assertThat(new PinEntryOutcome.WrongPin(0x63C1, 1).message()).isEqualTo("wrong PIN typed on the pinpad, 1 try left");
        assertThat(new PinEntryOutcome.WrongPin(0x63C0, 0).message()).contains("blocked, unblock it with the PUK");
        assertThat(new PinEntryOutcome.Blocked(0x6983).message()).isEqualTo("the PIN is blocked (SW 6983): unblock it with the PUK");
        assertThat(new PinEntryOutcome.CardRefused(0x6A82).message()).isEqualTo("the card refused the PIN command with SW 6A82");
        for (String sw : new String[] {"9000", "63C3", "6983", "9804", "9840", "6400", "6401", "6402", "6403", "6B80", "6A82"}) {
            String m = PinEntryOutcome.of(Hex.decode(sw)).message();
            assertThat(m).isNotBlank().doesNotContain("\n");
        }
    }

    @Test
    void malformedAnswersAreRefused() {
        assertThatThrownBy(() -> PinEntryOutcome.of(Hex.decode("90"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("1 bytes");
        assertThatThrownBy(() -> PinEntryOutcome.of(new byte[0])).isInstanceOf(Part10FormatException.class);
        assertThatThrownBy(() -> PinEntryOutcome.of(new byte[259])).isInstanceOf(Part10FormatException.class).hasMessageContaining("259");
    }
}
