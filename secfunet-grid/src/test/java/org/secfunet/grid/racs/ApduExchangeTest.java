package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.Transport;

class ApduExchangeTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** A card that answers from a list and records what it was sent. */
    static final class Scripted implements Transport {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();

        Scripted(String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public byte[] transmit(byte[] command) {
            sent.add(HEX.formatHex(command));
            return HEX.parseHex(answers.isEmpty() ? "6F00" : answers.removeFirst());
        }
    }

    private static String run(Scripted card, String command, int more, String fetch) {
        ApduExchange.Options o = new ApduExchange.Options(more, fetch == null ? ApduExchange.Options.GET_RESPONSE : HEX.parseHex(fetch));
        return HEX.formatHex(ApduExchange.run(card, HEX.parseHex(command), o).response());
    }

    @Test
    void sixCxxIsResentOnceWithP3FromSw2() {
        Scripted card = new Scripted("6C10", "00112233445566778899AABBCCDDEEFF9000");
        assertThat(run(card, "00CA010100", -1, null)).isEqualTo("00112233445566778899AABBCCDDEEFF9000");
        assertThat(card.sent).containsExactly("00CA010100", "00CA010110");
    }

    @Test
    void sixCxxOnACase4CommandReplacesItsLe() {
        Scripted card = new Scripted("6C02", "AABB9000");
        assertThat(run(card, "0001000001FF00", -1, null)).isEqualTo("AABB9000");
        assertThat(card.sent).containsExactly("0001000001FF00", "0001000001FF02");
    }

    @Test
    void sixCxxIsNotResentTwiceNorForCommandsWithoutLe() {
        Scripted card = new Scripted("6C10", "6C08");
        assertThat(run(card, "00CA010100", -1, null)).isEqualTo("6C08");
        assertThat(card.sent).hasSize(2);
        Scripted card2 = new Scripted("6C10");
        assertThat(run(card2, "00CA0101", -1, null)).isEqualTo("6C10");
        assertThat(card2.sent).hasSize(1);
    }

    @Test
    void moreFetchesWithSw2AsP3AndConcatenatesBodies() {
        Scripted card = new Scripted("AA6102", "BBCC6101", "DD9000");
        assertThat(run(card, "00020000", 0x61, null)).isEqualTo("AABBCCDD9000");
        assertThat(card.sent).containsExactly("00020000", "00C0000002", "00C0000001");
    }

    @Test
    void aCustomFetchHeaderIsUsed() {
        Scripted card = new Scripted("9F05", "01020304059000");
        assertThat(run(card, "A080000001AA", 0x9F, "A0120000")).isEqualTo("01020304059000");
        assertThat(card.sent).containsExactly("A080000001AA", "A012000005");
    }

    @Test
    void withoutMoreTheSwIsReturnedAsIs() {
        Scripted card = new Scripted("6110");
        assertThat(run(card, "00020010", -1, null)).isEqualTo("6110");
    }

    @Test
    void followUpsAndSizeAreCapped() {
        Transport endless = command -> HEX.parseHex("6100");
        ApduExchange.Options o = new ApduExchange.Options(0x61, ApduExchange.Options.GET_RESPONSE);
        assertThatThrownBy(() -> ApduExchange.run(endless, HEX.parseHex("00020000"), o, 65538, 10))
                .isInstanceOf(ApduExchange.LimitException.class).hasMessage("more than 10 follow-up commands");
        Transport big = c -> new byte[258];
        byte[] twoFiveSix = new byte[258];
        twoFiveSix[256] = 0x61;
        Transport chunks = c -> twoFiveSix.clone();
        assertThatThrownBy(() -> ApduExchange.run(chunks, HEX.parseHex("00020000"), o, 1000, 100))
                .isInstanceOf(ApduExchange.LimitException.class).hasMessage("response longer than 1000 bytes");
        assertThat(ApduExchange.run(big, HEX.parseHex("00020000"), ApduExchange.Options.NONE).response()).hasSize(258);
    }

    @Test
    void anAnswerShorterThanASwIsAProtocolError() {
        Transport broken = c -> new byte[1];
        assertThatThrownBy(() -> ApduExchange.run(broken, HEX.parseHex("00A40400"), ApduExchange.Options.NONE))
                .isInstanceOf(ProtocolException.class);
    }
}
