package org.secfunet.card.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;

class SoftwareCardTest {
    private static final byte[] AID = Hex.decode("A0000000 0101");

    /** An applet that echoes data and counts resets. */
    static final class Echo implements Applet {
        int resets;
        CommandApdu last;

        public byte[] aid() {
            return AID;
        }

        public String name() {
            return "echo";
        }

        public void reset() {
            resets++;
        }

        public ResponseApdu process(CommandApdu c) {
            last = c;
            return ResponseApdu.ok(c.data());
        }
    }

    private final Echo echo = new Echo();
    private final SoftwareCard card = new SoftwareCard("t", SoftwareCard.DEFAULT_ATR, List.of(echo));

    private String tx(String hex) {
        return Hex.encode(card.transmit(Hex.decode(hex)));
    }

    @Test
    void selectsByFullOrPartialAidAndRefusesUnknownOnes() {
        card.powerOn();
        assertThat(tx("00010000")).isEqualTo("6D00");
        assertThat(tx("00A40400 06 A00000000101")).isEqualTo("9000");
        assertThat(tx("00A40400 04 A0000000")).isEqualTo("9000");
        assertThat(tx("00A40400 03 B00000")).isEqualTo("6A82");
        assertThat(tx("00A40400")).isEqualTo("6700");
    }

    @Test
    void malformedApdusAndReaderClassGetStatusWordsNotExceptions() {
        assertThat(tx("00A404")).isEqualTo("6700");
        assertThat(tx("00A40400 05 01")).isEqualTo("6700");
        assertThat(tx("FFCA000000")).isEqualTo("6E00");
        assertThat(tx("00C0000010")).isEqualTo("6985");
    }

    @Test
    void longAnswersGoOutThroughGetResponseAndExactLeIsHonoured() {
        tx("00A40400 06 A00000000101");
        String data = "11".repeat(300);
        // Le=16: 16 bytes now, the rest announced with 61xx
        assertThat(tx("00010000 00012C" + data + "0010")).isEqualTo("11".repeat(16) + "6100");
        assertThat(tx("00C0000000")).isEqualTo("11".repeat(256) + "611C");
        assertThat(tx("00C000001C")).isEqualTo("11".repeat(28) + "9000");
        // no Le at all: everything through GET RESPONSE
        assertThat(tx("00010000 03 AABBCC")).isEqualTo("6103");
        assertThat(tx("00C0000003")).isEqualTo("AABBCC9000");
        // extended Le large enough: one answer
        assertThat(tx("00010000 00012C" + data + "0000")).isEqualTo(data + "9000");
    }

    @Test
    void anyOtherCommandDropsPendingData() {
        tx("00A40400 06 A00000000101");
        assertThat(tx("00010000 03 AABBCC")).isEqualTo("6103");
        assertThat(tx("00010000 01 01 01")).isEqualTo("019000");
        assertThat(tx("00C0000003")).isEqualTo("6985");
    }

    @Test
    void isoCommandChainingIsReassembledBeforeTheAppletSeesIt() {
        tx("00A40400 06 A00000000101");
        assertThat(tx("10010000 02 0102")).isEqualTo("9000");
        assertThat(tx("10010000 02 0304")).isEqualTo("9000");
        assertThat(tx("00010000 01 05 00")).isEqualTo("01020304059000");
        assertThat(echo.last.cla()).isEqualTo(0);
        // a different INS breaks the chain
        assertThat(tx("10010000 01 01")).isEqualTo("9000");
        assertThat(tx("00020000 01 01")).isEqualTo("6883");
    }

    @Test
    void powerCycleClearsVolatileState() {
        tx("00A40400 06 A00000000101");
        int before = echo.resets;
        card.powerOff();
        card.powerOn();
        assertThat(echo.resets).isGreaterThan(before);
        assertThat(tx("00010000 01 01 01")).isEqualTo("6D00");
        assertThat(card.atr()).isEqualTo(SoftwareCard.DEFAULT_ATR);
    }
}
