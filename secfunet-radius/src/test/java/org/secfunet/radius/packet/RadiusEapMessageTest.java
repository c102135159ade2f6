package org.secfunet.radius.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RadiusEapMessageTest {

    @Test
    void splitsAt253Bytes() {
        assertThat(RadiusEapMessage.split(new byte[4])).extracting(RadiusAttribute::length).containsExactly(6);
        assertThat(RadiusEapMessage.split(new byte[253])).extracting(RadiusAttribute::length).containsExactly(255);
        assertThat(RadiusEapMessage.split(new byte[254])).extracting(RadiusAttribute::length).containsExactly(255, 3);
        assertThat(RadiusEapMessage.split(new byte[1090])).extracting(RadiusAttribute::length)
                .containsExactly(255, 255, 255, 255, 80);
        assertThat(RadiusEapMessage.split(new byte[10])).allMatch(a -> a.type() == RadiusAttributeType.EAP_MESSAGE);
    }

    @Test
    void joinSkipsOtherAttributesAndReturnsNullWithoutEapMessage() {
        List<RadiusAttribute> attrs = List.of(
                RadiusAttribute.of(79, new byte[] {1, 2}), RadiusAttribute.of(24, new byte[] {9}), RadiusAttribute.of(79, new byte[] {3}));
        assertThat(RadiusEapMessage.join(attrs)).containsExactly(1, 2, 3);
        assertThat(RadiusEapMessage.join(List.of(RadiusAttribute.of(24, new byte[] {9})))).isNull();
        assertThat(RadiusEapMessage.join(List.of())).isNull();
    }

    @Test
    void refusesAnEmptyEapPacket() {
        assertThatThrownBy(() -> RadiusEapMessage.split(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
