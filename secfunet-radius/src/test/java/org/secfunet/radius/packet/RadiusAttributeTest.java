package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.radius.packet.RadiusPacketTest.hex;

import org.junit.jupiter.api.Test;

class RadiusAttributeTest {

    @Test
    void vendorSpecificLayout() {
        RadiusAttribute a = RadiusAttribute.vendorSpecific(311, 17, hex("8326 0102"));
        assertThat(a.type()).isEqualTo(26);
        assertThat(a.value()).isEqualTo(hex("00000137 11 06 8326 0102"));
        assertThat(a.length()).isEqualTo(12);
        assertThat(a.vendorId()).isEqualTo(311);
        assertThat(a.vendorType()).isEqualTo(17);
        assertThat(a.isVendor(311, 17)).isTrue();
        assertThat(a.isVendor(311, 16)).isFalse();
        assertThat(a.vendorData()).isEqualTo(hex("8326 0102"));
    }

    @Test
    void vendorHelpersOnOtherAttributes() {
        RadiusAttribute userName = RadiusAttribute.text(1, "x");
        assertThat(userName.vendorId()).isEqualTo(-1);
        assertThat(userName.vendorType()).isEqualTo(-1);
        assertThatThrownBy(userName::vendorData).isInstanceOf(RadiusFormatException.class).hasMessageContaining("not a Vendor-Specific");
        RadiusAttribute shortVsa = RadiusAttribute.of(26, hex("000001"));
        assertThat(shortVsa.vendorId()).isEqualTo(-1);
        assertThatThrownBy(shortVsa::vendorData).isInstanceOf(RadiusFormatException.class).hasMessageContaining("too short");
        RadiusAttribute badLength = RadiusAttribute.of(26, hex("00000137 10 07 aabbcc"));
        assertThat(badLength.isVendor(311, 16)).isTrue();
        assertThatThrownBy(badLength::vendorData).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining("sub-attribute length 7 does not match the 5 bytes");
    }

    @Test
    void integersAndText() {
        assertThat(RadiusAttribute.integer(12, 1400).value()).isEqualTo(hex("00000578"));
        assertThat(RadiusAttribute.integer(27, 0xFFFF_FFFFL).asInteger()).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> RadiusAttribute.integer(27, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RadiusAttribute.of(12, hex("0578")).asInteger()).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining("Framed-MTU must be a 4-byte integer, got 2 bytes");
        assertThat(RadiusAttribute.text(1, "é").value()).isEqualTo(hex("c3a9"));
        assertThat(RadiusAttribute.text(1, "é").asText()).isEqualTo("é");
    }

    @Test
    void valueCaps() {
        assertThat(RadiusAttribute.of(79, new byte[253]).length()).isEqualTo(255);
        assertThatThrownBy(() -> RadiusAttribute.of(79, new byte[254])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EAP-Message value of 254 bytes exceeds 253");
        assertThat(RadiusAttribute.vendorSpecific(311, 1, new byte[247]).length()).isEqualTo(255);
        assertThatThrownBy(() -> RadiusAttribute.vendorSpecific(311, 1, new byte[248])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RadiusAttribute.vendorSpecific(0x0100_0000, 1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RadiusAttribute.of(256, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreCopiedAndCompared() {
        byte[] v = hex("0102");
        RadiusAttribute a = RadiusAttribute.of(24, v);
        v[0] = 9;
        assertThat(a.value()).isEqualTo(hex("0102"));
        assertThat(a).isEqualTo(RadiusAttribute.of(24, hex("0102"))).hasSameHashCodeAs(RadiusAttribute.of(24, hex("0102")));
        assertThat(a).isNotEqualTo(RadiusAttribute.of(25, hex("0102")));
        assertThat(a).hasToString("State(2)=0102");
        assertThat(RadiusAttributeType.name(79)).isEqualTo("EAP-Message");
        assertThat(RadiusAttributeType.name(250)).isEqualTo("Attr-250");
    }
}
