package org.secfunet.pcsc.part10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class ReaderFeaturesTest {
    @Test
    void controlCodesAreBigEndianAndReadByTag() {
        // what Debian's vpcd answers: GET_TLV_PROPERTIES at SCARD_CTL_CODE(0x330000 + 0x12)
        ReaderFeatures f = ReaderFeatures.parse(Hex.decode("12 04 42 33 00 12"));
        assertThat(f.controlCode(FeatureTag.GET_TLV_PROPERTIES)).hasValue(0x42330012);
        assertThat(f.controlCode(FeatureTag.VERIFY_PIN_DIRECT)).isEmpty();
        assertThat(f.all()).containsOnlyKeys(FeatureTag.GET_TLV_PROPERTIES);
    }

    @Test
    void aPinpadReaderListsSeveralFeatures() {
        ReaderFeatures f = ReaderFeatures.parse(Hex.decode("06 04 42 33 00 06  07 04 42 33 00 07  0A 04 42 33 00 0A  12 04 42 33 00 12"));
        assertThat(f.controlCode(FeatureTag.VERIFY_PIN_DIRECT)).hasValue(0x42330006);
        assertThat(f.controlCode(FeatureTag.MODIFY_PIN_DIRECT)).hasValue(0x42330007);
        assertThat(f.controlCode(FeatureTag.IFD_PIN_PROPERTIES)).hasValue(0x4233000A);
        assertThat(f.controlCode(FeatureTag.GET_TLV_PROPERTIES)).hasValue(0x42330012);
        assertThat(f.controlCode(FeatureTag.ABORT)).isEmpty();
    }

    @Test
    void anEmptyAnswerHasNoFeaturesAndUnknownTagsAreSkipped() {
        assertThat(ReaderFeatures.parse(new byte[0]).all()).isEmpty();
        assertThat(ReaderFeatures.none().all()).isEmpty();
        ReaderFeatures f = ReaderFeatures.parse(Hex.decode("7F 04 00 00 00 01  12 04 42 33 00 12  00 04 FF FF FF FF"));
        assertThat(f.all()).containsOnlyKeys(FeatureTag.GET_TLV_PROPERTIES);
        assertThat(f.controlCode(FeatureTag.GET_TLV_PROPERTIES)).hasValue(0x42330012);
    }

    @Test
    void malformedAnswersAreRefused() {
        assertThatThrownBy(() -> ReaderFeatures.parse(Hex.decode("12"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ReaderFeatures.parse(Hex.decode("12 04 42 33 00"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ReaderFeatures.parse(Hex.decode("12 02 42 33"))).isInstanceOf(Part10FormatException.class).hasMessageContaining("length 2, not 4");
        assertThatThrownBy(() -> ReaderFeatures.parse(Hex.decode("12 04 42 33 00 12  12 04 42 33 00 13"))).isInstanceOf(Part10FormatException.class)
                .hasMessageContaining("twice");
        byte[] big = new byte[ReaderFeatures.MAX_ANSWER + 6];
        for (int i = 0; i < big.length; i += 6) {
            big[i] = 0x7F;
            big[i + 1] = 4;
        }
        assertThatThrownBy(() -> ReaderFeatures.parse(big)).isInstanceOf(Part10FormatException.class).hasMessageContaining("longer than");
    }

    @Test
    void theCatalogueNamesEveryTagOfPart10OnceInOrder() {
        assertThat(FeatureTag.values()).hasSize(0x13);
        Set<Integer> tags = new HashSet<>();
        for (FeatureTag t : FeatureTag.values()) {
            assertThat(tags.add(t.tag())).isTrue();
            assertThat(t.tag()).isEqualTo(t.ordinal() + 1);
            assertThat(FeatureTag.of(t.tag())).isSameAs(t);
        }
        assertThat(FeatureTag.VERIFY_PIN_DIRECT.tag()).isEqualTo(0x06);
        assertThat(FeatureTag.MODIFY_PIN_DIRECT.tag()).isEqualTo(0x07);
        assertThat(FeatureTag.IFD_PIN_PROPERTIES.tag()).isEqualTo(0x0A);
        assertThat(FeatureTag.GET_TLV_PROPERTIES.tag()).isEqualTo(0x12);
        assertThat(FeatureTag.CCID_ESC_COMMAND.tag()).isEqualTo(0x13);
        assertThat(FeatureTag.of(0)).isNull();
        assertThat(FeatureTag.of(0x14)).isNull();
        assertThat(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST).isEqualTo(0x42000D48);
    }
}
