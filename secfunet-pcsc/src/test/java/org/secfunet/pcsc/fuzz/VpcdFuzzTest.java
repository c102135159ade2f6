package org.secfunet.pcsc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.vpcd.VpcdFrameDecoder;
import org.secfunet.pcsc.vpcd.VpcdProtocolException;

class VpcdFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void frameDecoder(byte[] input) {
        VpcdFrameDecoder d = new VpcdFrameDecoder();
        try {
            for (byte[] f : d.feed(input, 0, input.length)) {
                assertThat(f.length).isBetween(1, 65535);
                try {
                    VpcdFrameDecoder.Control.of(f);
                } catch (VpcdProtocolException expected) {
                    // unknown control byte
                }
            }
        } catch (VpcdProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void readerAddresses(String text) {
        try {
            ReaderAddress a = ReaderAddress.parse(text);
            assertThat(a.text()).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
