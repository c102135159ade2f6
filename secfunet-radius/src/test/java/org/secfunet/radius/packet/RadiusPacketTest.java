package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadiusPacketTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    /** An Access-Request as eapol_test would send its first one, written out by hand (101 bytes). */
    static final String ACCESS_REQUEST = """
            01 2a 0065 00112233445566778899aabbccddeeff
            01 11 636172644074657374 2e6c6f63616c
            04 06 7f000001
            06 06 00000002
            0c 06 00000578
            3d 06 00000013
            4f 16 02 00 0014 01 636172644074657374 2e6c6f63616c
            50 12 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
            """;

    @Test
    void parsesAHandWrittenAccessRequest() {
        RadiusPacket p = RadiusPacket.parse(hex(ACCESS_REQUEST));

        assertThat(p.code()).isEqualTo(RadiusCode.ACCESS_REQUEST);
        assertThat(p.identifier()).isEqualTo(0x2a);
        assertThat(p.length()).isEqualTo(101);
        assertThat(p.authenticator()).isEqualTo(hex("00112233445566778899aabbccddeeff"));
        assertThat(p.attributes()).extracting(RadiusAttribute::type).containsExactly(1, 4, 6, 12, 61, 79, 80);
        assertThat(p.attribute(RadiusAttributeType.USER_NAME).asText()).isEqualTo("card@test.local");
        assertThat(p.attribute(RadiusAttributeType.NAS_IP_ADDRESS).value()).isEqualTo(new byte[] {127, 0, 0, 1});
        assertThat(p.attribute(RadiusAttributeType.SERVICE_TYPE).asInteger()).isEqualTo(RadiusAttributeType.SERVICE_TYPE_FRAMED);
        assertThat(p.attribute(RadiusAttributeType.FRAMED_MTU).asInteger()).isEqualTo(1400);
        assertThat(p.attribute(RadiusAttributeType.NAS_PORT_TYPE).asInteger()).isEqualTo(RadiusAttributeType.NAS_PORT_TYPE_802_11);
        assertThat(p.eapMessage()).isEqualTo(hex("02 00 0014 01 636172644074657374 2e6c6f63616c"));
        assertThat(p.attribute(RadiusAttributeType.MESSAGE_AUTHENTICATOR).length()).isEqualTo(18);
        assertThat(p.state()).isNull();
        assertThat(p.attribute(RadiusAttributeType.STATE)).isNull();
        assertThat(p.attributes(RadiusAttributeType.EAP_MESSAGE)).hasSize(1);
        assertThat(p.encode()).isEqualTo(hex(ACCESS_REQUEST));
        assertThat(p.toString()).startsWith("Access-Request id=42 len=101").contains("User-Name(15)=");
    }

    @Test
    void bytesBeyondLengthAreIgnored() {
        byte[] padded = Arrays.copyOf(hex(ACCESS_REQUEST), 140);
        padded[120] = 0x55;
        RadiusPacket p = RadiusPacket.parse(padded);
        assertThat(p.length()).isEqualTo(101);
        assertThat(p.encode()).isEqualTo(hex(ACCESS_REQUEST));
    }

    @Test
    void stateAndSeveralEapMessagesAreJoinedInOrder() {
        byte[] eap = new byte[600];
        for (int i = 0; i < eap.length; i++) {
            eap[i] = (byte) i;
        }
        List<RadiusAttribute> attrs = new java.util.ArrayList<>(RadiusEapMessage.split(eap));
        attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, hex("cafe")));
        RadiusPacket p = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 7, new byte[16], attrs);
        RadiusPacket back = RadiusPacket.parse(p.encode());
        assertThat(back.eapMessage()).isEqualTo(eap);
        assertThat(back.state()).isEqualTo(hex("cafe"));
        assertThat(back.attributes(RadiusAttributeType.EAP_MESSAGE)).hasSize(3);
        assertThat(back).isEqualTo(p).hasSameHashCodeAs(p);
    }

    @Test
    void encodesFieldsInPlace() {
        RadiusPacket p = new RadiusPacket(RadiusCode.STATUS_SERVER, 255, hex("000102030405060708090a0b0c0d0e0f"),
                List.of(RadiusAttribute.text(RadiusAttributeType.NAS_IDENTIFIER, "nas"), RadiusAttribute.of(200, new byte[0])));
        assertThat(p.encode()).isEqualTo(hex("0c ff 001b 000102030405060708090a0b0c0d0e0f 20 05 6e6173 c8 02"));
    }

    @Test
    void aPacketWithNoAttributesIsTheHeader() {
        RadiusPacket p = RadiusPacket.parse(hex("03 01 0014 00000000000000000000000000000000"));
        assertThat(p.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        assertThat(p.attributes()).isEmpty();
        assertThat(p.eapMessage()).isNull();
    }

    @Test
    void refusesMalformedDatagramsWithAClearMessage() {
        String auth = "00000000000000000000000000000000";
        assertRefused(null, "missing");
        assertRefused(hex("01 01 0014 0000"), "too short: 6 byte(s)");
        assertRefused(hex("01 01 0013" + auth), "Length 19 is below the 20-byte header");
        assertRefused(hex("01 01 1001" + auth), "Length 4097 exceeds the maximum of 4096");
        assertRefused(hex("01 01 0020" + auth + "0106616263"), "truncated: Length says 32 bytes, the datagram has 25");
        assertRefused(hex("07 01 0014" + auth), "unknown RADIUS code 7");
        assertRefused(hex("00 01 0014" + auth), "unknown RADIUS code 0");
        assertRefused(hex("01 01 0015" + auth + "01"), "attribute at offset 20 is cut");
        assertRefused(hex("01 01 0016" + auth + "0101"), "User-Name at offset 20 has Length 1, below its 2-byte header");
        assertRefused(hex("01 01 0016" + auth + "4f00"), "EAP-Message at offset 20 has Length 0");
        assertRefused(hex("01 01 0018" + auth + "0106 6162 0000"), "User-Name at offset 20 has Length 6 but only 4 bytes remain");
        // the Length field, not the datagram, bounds the attributes
        assertRefused(hex("01 01 0017" + auth + "0104 6162 00"), "has Length 4 but only 3 bytes remain");
    }

    @Test
    void acceptsTheLargestPacket() {
        byte[] b = new byte[4096];
        b[0] = 2;
        b[2] = 0x10;
        for (int off = 20; off < 4096; ) {
            int len = Math.min(255, 4096 - off);
            b[off] = (byte) 200;
            b[off + 1] = (byte) len;
            off += len;
        }
        RadiusPacket p = RadiusPacket.parse(b);
        assertThat(p.length()).isEqualTo(4096);
        assertThat(p.encode()).isEqualTo(b);
    }

    @Test
    void buildingRefusesOversizedPacketsAndBadFields() {
        List<RadiusAttribute> tooMany = RadiusEapMessage.split(new byte[4045]); // 16 attributes: 20 + 4045 + 16 × 2 = 4097
        assertThatThrownBy(() -> new RadiusPacket(RadiusCode.ACCESS_REQUEST, 1, new byte[16], tooMany))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds 4096");
        List<RadiusAttribute> fits = RadiusEapMessage.split(new byte[4044]); // 4096
        assertThat(new RadiusPacket(RadiusCode.ACCESS_REQUEST, 1, new byte[16], fits).length()).isEqualTo(4096);
        assertThatThrownBy(() -> new RadiusPacket(RadiusCode.ACCESS_REQUEST, 256, new byte[16], List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identifier");
        assertThatThrownBy(() -> new RadiusPacket(RadiusCode.ACCESS_REQUEST, 1, new byte[15], List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    }

    @Test
    void accessorsReturnCopies() {
        RadiusPacket p = RadiusPacket.parse(hex(ACCESS_REQUEST));
        p.authenticator()[0] = 9;
        p.attribute(RadiusAttributeType.USER_NAME).value()[0] = 'X';
        assertThat(p.encode()).isEqualTo(hex(ACCESS_REQUEST));
        assertThat(p.attribute(RadiusAttributeType.USER_NAME).value()).isEqualTo("card@test.local".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void codes() {
        assertThat(RadiusCode.of(1)).isEqualTo(RadiusCode.ACCESS_REQUEST);
        assertThat(RadiusCode.of(2)).isEqualTo(RadiusCode.ACCESS_ACCEPT);
        assertThat(RadiusCode.of(3)).isEqualTo(RadiusCode.ACCESS_REJECT);
        assertThat(RadiusCode.of(4)).isEqualTo(RadiusCode.ACCOUNTING_REQUEST);
        assertThat(RadiusCode.of(5)).isEqualTo(RadiusCode.ACCOUNTING_RESPONSE);
        assertThat(RadiusCode.of(11)).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(RadiusCode.of(12)).isEqualTo(RadiusCode.STATUS_SERVER);
        assertThat(RadiusCode.ACCESS_CHALLENGE.isAccessReply()).isTrue();
        assertThat(RadiusCode.ACCOUNTING_RESPONSE.isAccessReply()).isFalse();
        assertThat(RadiusCode.ACCESS_CHALLENGE).hasToString("Access-Challenge");
    }

    private static void assertRefused(byte[] datagram, String message) {
        assertThatThrownBy(() -> RadiusPacket.parse(datagram)).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining(message);
    }
}
