package org.secfunet.pcsc.part10;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class ApduSizeDiscoveryTest {
    private final List<Integer> asked = new ArrayList<>();

    private ApduSizeDiscovery.Control reader(String features, String properties) {
        return (code, command) -> {
            asked.add(code);
            assertThat(command).isEmpty();
            if (code == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST) {
                return Hex.decode(features);
            }
            if (code == 0x42330012) {
                return Hex.decode(properties);
            }
            throw new IllegalStateException("SCARD_E_UNSUPPORTED_FEATURE");
        };
    }

    @Test
    void vpcdCarriesExtendedApdusUpTo65535BytesOfData() {
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33 00 12", "0A 04 00 00 01 00"))).isEqualTo(65535);
        assertThat(asked).containsExactly(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, 0x42330012);
    }

    @Test
    void aReaderWithALowerLimitGivesIt() {
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33 00 12", "0A 04 00 04 00 00"))).isEqualTo(1024);
    }

    @Test
    void everythingElseIsShort() {
        assertThat(ApduSizeDiscovery.maxCommandData(reader("", ""))).isEqualTo(255);
        assertThat(asked).containsExactly(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST);
        assertThat(ApduSizeDiscovery.maxCommandData(reader("06 04 42 33 00 06", ""))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33 00 12", "0A 04 00 00 00 00"))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33 00 12", ""))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33 00 12", "0A 04 00 00 01"))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33", ""))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.maxCommandData(reader("12 04 42 33 00 13", ""))).isEqualTo(255); // the named code refuses
        assertThat(ApduSizeDiscovery.maxCommandData((code, command) -> {
            throw new javax.smartcardio.CardException("sun.security.smartcardio.PCSCException: SCARD_E_UNSUPPORTED_FEATURE");
        })).isEqualTo(255);
        assertThat(ApduSizeDiscovery.maxCommandData((code, command) -> null)).isEqualTo(255);
    }

    @Test
    void aReaderThatDoesNotSayIsUnknownAndOneThatAnswersBadlyIsShort() {
        assertThat(ApduSizeDiscovery.discover((code, command) -> {
            throw new javax.smartcardio.CardException("sun.security.smartcardio.PCSCException: SCARD_E_UNSUPPORTED_FEATURE");
        })).as("Debian's vpcd 3.3 through pcscd").isEqualTo(ApduSizeDiscovery.UNKNOWN);
        assertThat(ApduSizeDiscovery.discover((code, command) -> null)).isEqualTo(ApduSizeDiscovery.UNKNOWN);
        assertThat(ApduSizeDiscovery.discover(reader("", ""))).isEqualTo(ApduSizeDiscovery.UNKNOWN);
        assertThat(ApduSizeDiscovery.discover(reader("06 04 42 33 00 06", ""))).as("no TLV properties").isEqualTo(ApduSizeDiscovery.UNKNOWN);
        assertThat(ApduSizeDiscovery.discover(reader("12 04 42 33 00 12", ""))).as("no dwMaxAPDUDataSize").isEqualTo(ApduSizeDiscovery.UNKNOWN);
        assertThat(ApduSizeDiscovery.discover(reader("12 04 42 33 00 12", "0A 04 00 00 00 00"))).as("says short").isEqualTo(255);
        assertThat(ApduSizeDiscovery.discover(reader("12 04 42 33 00 12", "0A 04 00 00 01"))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.discover(reader("12 04 42 33", ""))).isEqualTo(255);
        assertThat(ApduSizeDiscovery.discover(reader("12 04 42 33 00 13", ""))).as("the named code refuses").isEqualTo(255);
        assertThat(ApduSizeDiscovery.discover(reader("12 04 42 33 00 12", "0A 04 00 00 01 00"))).isEqualTo(65535);
    }

    @Test
    void dataSizesMapToLimits() {
        assertThat(ApduSizeDiscovery.fromDataSize(0)).isEqualTo(255);
        assertThat(ApduSizeDiscovery.fromDataSize(200)).isEqualTo(255);
        assertThat(ApduSizeDiscovery.fromDataSize(261)).isEqualTo(261);
        assertThat(ApduSizeDiscovery.fromDataSize(0x10000)).isEqualTo(65535);
        assertThat(ApduSizeDiscovery.fromDataSize(0xFFFFFFFFL)).isEqualTo(65535);
    }
}
