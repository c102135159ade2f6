package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class RadiusEapMessagePropertiesTest {

    @Property
    void splitThenJoinGivesTheEapPacketBack(@ForAll @Size(min = 1, max = 4000) byte[] eap) {
        List<RadiusAttribute> chunks = RadiusEapMessage.split(eap);
        assertThat(RadiusEapMessage.join(chunks)).isEqualTo(eap);
        assertThat(chunks).hasSize((eap.length + 252) / 253);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.type()).isEqualTo(RadiusAttributeType.EAP_MESSAGE);
            assertThat(c.value().length).isBetween(1, 253);
        });
        // every chunk but the last is full: the attributes are the consecutive 253-byte pieces
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.value()).hasSize(253));
    }

    @Property
    void theEapPacketSurvivesAPacketRoundTrip(@ForAll @Size(min = 1, max = 4000) byte[] eap, @ForAll byte[] state) {
        List<RadiusAttribute> attrs = new java.util.ArrayList<>(RadiusEapMessage.split(eap));
        if (state.length > 0 && state.length <= 253 && 20 + eap.length + 2 * attrs.size() + 2 + state.length <= 4096) {
            attrs.add(0, RadiusAttribute.of(RadiusAttributeType.STATE, state));
        }
        RadiusPacket p = RadiusPacket.parse(new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 0, new byte[16], attrs).encode());
        assertThat(p.eapMessage()).isEqualTo(eap);
    }
}
