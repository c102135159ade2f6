package org.secfunet.eap.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EapPacketTest {
    private static byte[] h(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void roundTripsEveryCode() {
        for (EapPacket p : List.of(EapPacket.request(1, EapType.IDENTITY, new byte[0]),
                EapPacket.response(2, EapType.IDENTITY, "card@test.local".getBytes()),
                EapPacket.success(3), EapPacket.failure(255),
                EapPacket.request(9, EapType.TLS, h("20")))) {
            assertThat(EapPacket.parse(p.encode())).isEqualTo(p);
        }
        assertThat(EapPacket.success(7).encode()).isEqualTo(h("03 07 0004"));
        assertThat(EapPacket.request(0x14, EapType.TLS, h("20")).encode()).isEqualTo(h("01 14 0006 0D 20"));
    }

    @Test
    void bytesBeyondLengthAreKeptAsTrailingNotData() {
        // the EAP smart card's Start: EAP Length 6, then 4 bytes of Unix time
        EapPacket p = EapPacket.parse(h("01 14 0006 0D 20 3FAA2B6A"));
        assertThat(p.length()).isEqualTo(6);
        assertThat(p.typeData()).isEqualTo(h("20"));
        assertThat(p.trailing()).isEqualTo(h("3FAA2B6A"));
        assertThat(p.encode()).isEqualTo(h("01 14 0006 0D 20 3FAA2B6A"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "01 01 00        | EAP packet too short: 3 byte(s)",
        "05 01 0004      | unknown EAP code 5",
        "01 01 0010 01   | EAP packet truncated: Length says 16 bytes, only 5 received",
        "01 01 0004      | EAP REQUEST needs a Type: Length 4 is below 5",
        "03 01 0005 00   | EAP SUCCESS must have Length 4, not 5",
        "02 01 0005 00   | EAP type 0 is reserved",
    })
    void malformedPacketsSayWhatIsWrong(String hex, String message) {
        assertThatThrownBy(() -> EapPacket.parse(h(hex))).isInstanceOf(EapFormatException.class).hasMessageContaining(message);
    }

    @Test
    void oversizeIsRefusedByTheConfiguredLimit() {
        byte[] big = new byte[2000];
        big[0] = 1;
        big[2] = 0x07;
        big[3] = (byte) 0xD0;
        big[4] = 1;
        assertThatThrownBy(() -> EapPacket.parse(big, 1500)).hasMessageContaining("EAP Length 2000 exceeds the limit of 1500");
        assertThat(EapPacket.parse(big).length()).isEqualTo(2000);
        assertThatThrownBy(() -> EapPacket.request(1, EapType.TLS, new byte[65531])).hasMessageContaining("exceeds 65530");
        assertThatThrownBy(() -> EapPacket.parse(null)).hasMessageContaining("missing");
    }

    @Test
    void typedPayloads() {
        assertThat(EapPayload.of(EapPacket.response(1, EapType.IDENTITY, "bob".getBytes()))).isEqualTo(new EapPayload.Identity("bob"));
        assertThat(EapPayload.of(EapPacket.request(1, EapType.NOTIFICATION, "hi".getBytes()))).isEqualTo(new EapPayload.Notification("hi"));
        assertThat(EapPayload.of(EapPacket.response(1, EapType.NAK, h("0D 12")))).isEqualTo(new EapPayload.Nak(List.of(13, 18)));
        EapPayload.SimAka sim = (EapPayload.SimAka) EapPayload.of(EapPacket.request(1, EapType.SIM, h("0A 0000 0F02 0001")));
        assertThat(sim.subtype()).isEqualTo(10);
        assertThat(sim.attributes()).isEqualTo(h("0F02 0001"));
        assertThat(EapPayload.of(EapPacket.request(1, EapType.AKA, h("01 0000")))).isInstanceOf(EapPayload.SimAka.class);
        assertThat(EapPayload.of(EapPacket.request(1, EapType.TLS, h("20")))).isInstanceOf(EapPayload.Tls.class);
        EapPayload.Raw raw = (EapPayload.Raw) EapPayload.of(EapPacket.request(1, 99, h("0102")));
        assertThat(raw.type()).isEqualTo(99);
        assertThat(raw.data()).isEqualTo(h("0102"));
    }

    @Test
    void expandedTypesAndExpandedNak() {
        EapPayload.ExpandedNak nak = new EapPayload.ExpandedNak(List.of(new EapPayload.ExpandedMethod(0, 13), new EapPayload.ExpandedMethod(0x137, 5)));
        EapPacket p = EapPacket.response(4, EapType.EXPANDED, nak.encode());
        assertThat(EapPayload.of(p)).isEqualTo(nak);
        EapPayload.Expanded e = new EapPayload.Expanded(new EapPayload.ExpandedMethod(0x137, 42), h("CAFE"));
        EapPayload.Expanded back = (EapPayload.Expanded) EapPayload.of(EapPacket.request(4, EapType.EXPANDED, e.encode()));
        assertThat(back.method()).isEqualTo(e.method());
        assertThat(back.data()).isEqualTo(h("CAFE"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "01 01 0005 03             | Nak is only valid in a Response",
        "02 01 0005 03             | Nak without any desired type",
        "01 01 0005 02             | empty message",
        "02 01 0007 12 0A00        | lacks the subtype and reserved bytes",
        "02 01 0009 FE 00000000    | lacks Vendor-Id (3) and Vendor-Type (4)",
        "02 01 000F FE 000000 00000003 FE0000 | Expanded Nak must list whole 8-byte entries",
        "02 01 0007 01 C328        | Identity is not valid UTF-8",
    })
    void malformedPayloadsSayWhatIsWrong(String hex, String message) {
        assertThatThrownBy(() -> EapPayload.of(EapPacket.parse(h(hex)))).isInstanceOf(EapFormatException.class).hasMessageContaining(message);
    }
}
