package org.secfunet.eap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;

class EapTlsFramingTest {
    private static byte[] h(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void flagsLengthAndDataRoundTrip() {
        EapTlsMessage m = EapTlsMessage.parse(h("C0 00001266 1603"));
        assertThat(m.hasLength()).isTrue();
        assertThat(m.hasMore()).isTrue();
        assertThat(m.tlsMessageLength()).isEqualTo(0x1266);
        assertThat(m.data()).isEqualTo(h("1603"));
        assertThat(m.encode()).isEqualTo(h("C0 00001266 1603"));
        assertThat(EapTlsMessage.parse(h("20")).isStart()).isTrue();
        assertThat(EapTlsMessage.parse(h("00")).isAck()).isTrue();
        // version bits (RFC 9190 keeps them reserved) are preserved
        assertThat(EapTlsMessage.parse(h("21")).encode()).isEqualTo(h("21"));
    }

    @Test
    void malformedFramesSayWhatIsWrong() {
        assertThatThrownBy(() -> EapTlsMessage.parse(new byte[0])).hasMessageContaining("the Flags byte is missing");
        assertThatThrownBy(() -> EapTlsMessage.parse(h("80 0000"))).hasMessageContaining("only 2 of the 4 TLS Message Length bytes");
    }

    @Test
    void fragmentsCarryLOnTheFirstAndMOnAllButTheLast() {
        byte[] tls = new byte[2500];
        List<EapTlsMessage> f = new EapTlsFragmenter(1000, false).fragment(tls);
        assertThat(f).hasSize(3);
        assertThat(f.get(0).flags()).isEqualTo(0xC0);
        assertThat(f.get(0).tlsMessageLength()).isEqualTo(2500);
        assertThat(f.get(1).flags()).isEqualTo(0x40);
        assertThat(f.get(2).flags()).isEqualTo(0x00);
        assertThat(f.get(2).data()).hasSize(500);
        assertThat(new EapTlsFragmenter(1000, false).fragment(new byte[10]).get(0).flags()).isEqualTo(0);
        assertThat(new EapTlsFragmenter(1000, true).fragment(new byte[10]).get(0).flags()).isEqualTo(0x80);
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeAnyAllocation() {
        EapTlsReassembler r = new EapTlsReassembler(64 * 1024);
        // an attacker's L of 4 GB
        assertThatThrownBy(() -> r.add(EapTlsMessage.parse(h("C0 FFFFFFFF 16")))).isInstanceOf(EapFormatException.class)
                .hasMessageContaining("TLS Message Length 4294967295 exceeds the reassembly cap of 65536 bytes");
        assertThat(r.inProgress()).isFalse();
    }

    @Test
    void reassemblyRules() {
        EapTlsReassembler r = new EapTlsReassembler(100);
        assertThat(r.add(new EapTlsMessage(0xC0, 4, h("0102")))).isNull();
        assertThat(r.add(new EapTlsMessage(0x00, -1, h("0304")))).isEqualTo(h("01020304"));
        assertThatThrownBy(() -> r.add(new EapTlsMessage(0x40, -1, h("01")))).hasMessageContaining("lacks the L flag");
        r.reset();
        r.add(new EapTlsMessage(0xC0, 3, h("0102")));
        assertThatThrownBy(() -> r.add(new EapTlsMessage(0x00, -1, h("0304")))).hasMessageContaining("more than the declared TLS Message Length of 3");
        r.add(new EapTlsMessage(0xC0, 5, h("0102")));
        assertThatThrownBy(() -> r.add(new EapTlsMessage(0x00, -1, h("03")))).hasMessageContaining("ended after 3 bytes but TLS Message Length said 5");
        r.add(new EapTlsMessage(0xC0, 50, h("0102")));
        assertThatThrownBy(() -> r.add(new EapTlsMessage(0xC0, 60, h("03")))).hasMessageContaining("changed from 50 to 60");
        r.reset();
        r.add(new EapTlsMessage(0x40 | 0x80, 90, new byte[60]));
        assertThatThrownBy(() -> r.add(new EapTlsMessage(0x40, -1, new byte[50]))).hasMessageContaining("exceeds the reassembly cap of 100");
        assertThat(new EapTlsReassembler(100).add(new EapTlsMessage(0, -1, h("AA")))).isEqualTo(h("AA"));
    }

    @Test
    void theSmartcardStartCarriesUnixTimeAfterThePacket() {
        byte[] start = SmartcardStart.encode(0x14, Instant.ofEpochSecond(0x3FAA2B6AL));
        assertThat(start).isEqualTo(h("01 14 0006 0D 20 3FAA2B6A"));
        assertThat(SmartcardStart.time(EapPacket.parse(start))).isEqualTo(Instant.parse("2003-11-06T11:07:22Z"));
        assertThat(SmartcardStart.time(EapPacket.parse(h("01 14 0006 0D 20")))).isNull();
        assertThat(SmartcardStart.time(EapPacket.parse(h("01 14 0006 0D 00 3FAA2B6A")))).isNull();
    }
}
