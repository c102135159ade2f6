package org.secfunet.pcsc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.secfunet.pcsc.part10.ApduSizeDiscovery;
import org.secfunet.pcsc.part10.Part10FormatException;
import org.secfunet.pcsc.part10.ReaderFeatures;
import org.secfunet.pcsc.part10.TlvProperties;

/** A reader's part 10 answers are untrusted bytes: parsed or refused with {@link Part10FormatException}, and discovery never throws. */
class Part10FuzzTest {
    @FuzzTest(maxDuration = "10s")
    void readerAnswers(byte[] input) {
        try {
            assertThat(ReaderFeatures.parse(input).all().size()).isLessThanOrEqualTo(input.length / 6);
        } catch (Part10FormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(TlvProperties.parse(input).maxApduDataSize()).isBetween(0L, 0xFFFFFFFFL);
        } catch (Part10FormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        int half = input.length / 2;
        byte[] features = java.util.Arrays.copyOf(input, half);
        byte[] properties = java.util.Arrays.copyOfRange(input, half, input.length);
        int limit = ApduSizeDiscovery.maxCommandData((code, command) -> code == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST ? features : properties);
        assertThat(limit).isBetween(255, 65535);
        int said = ApduSizeDiscovery.discover((code, command) -> code == ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST ? features : properties);
        assertThat(said == ApduSizeDiscovery.UNKNOWN ? 255 : said).isEqualTo(limit);
    }
}
