package org.secfunet.apdu.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.Transport;

class LayersTest {

    private static byte[] h(String s) {
        return Hex.decode(s);
    }

    @Test
    void getResponseCollectsEveryBlockWithTheOriginalCla() {
        ScriptedCard card = new ScriptedCard()
                .expect("A0800000 02 0102", "6104")
                .expect("A0C0000004", "AABBCCDD 6102")
                .expect("A0C0000002", "EEFF 9000");
        byte[] r = new GetResponseLayer(card, Limits.DEFAULT).transmit(h("A0800000020102"));
        assertThat(Hex.encode(r)).isEqualTo("AABBCCDDEEFF9000");
        card.assertDone();
    }

    @Test
    void getResponseCanUseAFixedCla() {
        ScriptedCard card = new ScriptedCard().expect("80CA0000", "6101").expect("00C0000001", "01 9000");
        assertThat(new GetResponseLayer(card, 0x00, Limits.DEFAULT).transmit(h("80CA0000"))).isEqualTo(h("019000"));
    }

    @Test
    void getResponsePassesOtherAnswersUntouched() {
        ScriptedCard card = new ScriptedCard().expect("00A40400", "6A82");
        assertThat(new GetResponseLayer(card, Limits.DEFAULT).transmit(h("00A40400"))).isEqualTo(h("6A82"));
    }

    @Test
    void getResponseIsBoundedInRoundsAndBytes() {
        Transport endless = c -> h("00 6101");
        assertThatThrownBy(() -> new GetResponseLayer(endless, new Limits(10, 1 << 20)).transmit(h("00B00000")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("after 10 GET RESPONSE");
        Transport fat = c -> {
            byte[] b = new byte[258];
            b[256] = 0x61;
            return b;
        };
        assertThatThrownBy(() -> new GetResponseLayer(fat, new Limits(1000, 1000)).transmit(h("00B00000")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the cap of 1000 bytes");
    }

    @Test
    void fetchFollowsNineFAsTheEapCardDoes() {
        // Applet-2005 style: 9F00 with no data first, then 256-byte blocks, then the tail.
        String block = "11".repeat(256);
        ScriptedCard card = new ScriptedCard()
                .expect("A0800000 06 0119000 60D00".replace(" ", ""), "9F00")
                .expect("A012000000", block + "9F00")
                .expect("A012000000", block + "9F03")
                .expect("A012000003", "223344 9000");
        byte[] r = new FetchLayer(card, Limits.DEFAULT).transmit(h("A08000000601190006 0D00"));
        assertThat(r).hasSize(512 + 3 + 2);
        assertThat(Hex.encode(r)).endsWith("2233449000");
        card.assertDone();
    }

    @Test
    void fetchIsBounded() {
        Transport endless = c -> h("9F01");
        assertThatThrownBy(() -> new FetchLayer(endless, new Limits(5, 100)).transmit(h("A0800000")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("after 5 FETCH");
    }

    @Test
    void wrongLengthResendsOnceWithTheGivenLe() {
        ScriptedCard card = new ScriptedCard()
                .expect("A018000000", "6C04")
                .expect("A018000004", "61626364 9000");
        assertThat(new WrongLengthLayer(card).transmit(h("A018000000"))).isEqualTo(h("616263649000"));
        card.assertDone();
    }

    @Test
    void wrongLengthRetriesOnlyOnceAndKeepsExtendedForm() {
        ScriptedCard card = new ScriptedCard()
                .expect("00CA0101 000100", "6C10")
                .expect("00CA0101 000010", "6C11");
        assertThat(new WrongLengthLayer(card).transmit(h("00CA0101000100"))).isEqualTo(h("6C11"));
        card.assertDone();
    }

    @Test
    void wrongLengthIgnoresSixCeeWithData() {
        ScriptedCard card = new ScriptedCard().expect("00CA0000", "01 6C10");
        assertThat(new WrongLengthLayer(card).transmit(h("00CA0000"))).isEqualTo(h("016C10"));
    }

    @Test
    void isoChainingSplitsWithClaBitAndStopsOnError() {
        ScriptedCard card = new ScriptedCard()
                .expect("10DA0000 03 010203", "9000")
                .expect("10DA0000 03 040506", "9000")
                .expect("00DA0000 01 07 00", "AA 9000");
        byte[] r = new CommandChainingLayer(card, 3).transmit(CommandApdu.of(0, 0xDA, 0, 0, h("01020304050607"), 256).encode());
        assertThat(r).isEqualTo(h("AA9000"));
        card.assertDone();

        ScriptedCard refusing = new ScriptedCard().expect("10DA0000 03 010203", "6884");
        assertThat(new CommandChainingLayer(refusing, 3).transmit(CommandApdu.of(0, 0xDA, 0, 0, h("01020304")).encode()))
                .isEqualTo(h("6884"));
        refusing.assertDone();
    }

    @Test
    void isoChainingLeavesShortCommandsAlone() {
        ScriptedCard card = new ScriptedCard().expect("00DA0000 02 0102", "9000");
        new CommandChainingLayer(card, 3).transmit(h("00DA0000020102"));
        card.assertDone();
    }

    @Test
    void moreBitChainingSetsP1BitZeroOnAllButTheLastPart() {
        byte[] eap = new byte[500];
        for (int i = 0; i < eap.length; i++) {
            eap[i] = (byte) i;
        }
        ScriptedCard card = new ScriptedCard()
                .expect("A0800100 F0" + Hex.encode(eap, 0, 240), "9000")
                .expect("A0800100 F0" + Hex.encode(eap, 240, 480), "9000")
                .expect("A0800000 14" + Hex.encode(eap, 480, 500), "6106");
        MoreBitChainingLayer layer = new MoreBitChainingLayer(card, 240, MoreBitChainingLayer.forCommand(0xA0, 0x80));
        assertThat(layer.transmit(CommandApdu.of(0xA0, 0x80, 0, 0, eap).encode())).isEqualTo(h("6106"));
        card.assertDone();
    }

    @Test
    void moreBitChainingOnlyForSelectedCommandsAndStopsOnError() {
        ScriptedCard other = new ScriptedCard().expect("00D60000 00012C" + "00".repeat(300), "9000");
        new MoreBitChainingLayer(other, 240, MoreBitChainingLayer.forCommand(0xA0, 0x80))
                .transmit(CommandApdu.of(0, 0xD6, 0, 0, new byte[300]).encode());
        other.assertDone();

        ScriptedCard failing = new ScriptedCard().expect("A0800100 F0" + "00".repeat(240), "6982");
        assertThat(new MoreBitChainingLayer(failing, 240, c -> true).transmit(CommandApdu.of(0xA0, 0x80, 0, 0, new byte[300]).encode()))
                .isEqualTo(h("6982"));
        failing.assertDone();
    }

    @Test
    void leCapLowersExtendedLeOnly() {
        ScriptedCard card = new ScriptedCard()
                .expect("00B00000 00 1FFE", "9000")
                .expect("00B00000 00", "9000")
                .expect("00B00000 00 0100", "9000");
        LeCapLayer layer = new LeCapLayer(card, LeCapLayer.JAVAX_SMARTCARDIO_MAX_NE);
        layer.transmit(h("00B00000000000"));
        layer.transmit(h("00B0000000"));
        layer.transmit(h("00B00000000100"));
        card.assertDone();
    }

    @Test
    void theStackCombinesLayersInTheDocumentedOrder() {
        // A 500-byte EAP packet goes out in More-bit parts; the final answer is 9F + FETCH, and the
        // FETCHed block answers 61xx which GET RESPONSE completes.
        ScriptedCard card = new ScriptedCard()
                .expect("A0800100 F0" + "00".repeat(240), "9000")
                .expect("A0800100 F0" + "00".repeat(240), "9000")
                .expect("A0800000 14" + "00".repeat(20), "9F02")
                .expect("A012000002", "0102 6101")
                .expect("A0C0000001", "03 9000");
        Transport t = TransportStack.builder()
                .moreBitChaining(240, MoreBitChainingLayer.forCommand(0xA0, 0x80))
                .build(card);
        assertThat(t.transmit(CommandApdu.of(0xA0, 0x80, 0, 0, new byte[500]).encode())).isEqualTo(h("0102039000"));
        card.assertDone();
    }

    @Test
    void rawStackSendsExactlyWhatItIsGiven() {
        ScriptedCard card = new ScriptedCard().expect("00B0000000", "6110");
        assertThat(TransportStack.builder().raw().build(card).transmit(h("00B0000000"))).isEqualTo(h("6110"));
    }

    @Test
    void anAnswerWithoutStatusWordIsAProtocolError() {
        Transport broken = c -> new byte[] {0x61};
        assertThatThrownBy(() -> new GetResponseLayer(broken, Limits.DEFAULT).transmit(h("00B00000")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("has no status word");
    }

    @Test
    void aOneByteAnswerToAFollowUpIsAProtocolError() {
        ScriptedCard card = new ScriptedCard().expect("A0800000", "9F02").expect("A012000002", "90");
        assertThatThrownBy(() -> new FetchLayer(card, Limits.DEFAULT).transmit(h("A0800000")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("answer to FETCH has no status word");
        ScriptedCard card2 = new ScriptedCard().expect("00B00000", "6102").expect("00C0000002", "90");
        assertThatThrownBy(() -> new GetResponseLayer(card2, Limits.DEFAULT).transmit(h("00B00000")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("answer to GET RESPONSE has no status word");
    }
}
