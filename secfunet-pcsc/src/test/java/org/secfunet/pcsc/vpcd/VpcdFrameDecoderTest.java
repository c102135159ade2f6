package org.secfunet.pcsc.vpcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;

class VpcdFrameDecoderTest {
    private static final byte[] STREAM = Hex.decode("0001 04  0001 01  0005 00A4040000  0001 00");

    @Test
    void decodesControlBytesAndApdusSplitAtEveryBoundary() {
        for (int split = 0; split <= STREAM.length; split++) {
            VpcdFrameDecoder d = new VpcdFrameDecoder();
            List<byte[]> frames = new ArrayList<>(d.feed(STREAM, 0, split));
            frames.addAll(d.feed(STREAM, split, STREAM.length - split));
            assertThat(frames).as("split at %d", split).hasSize(4);
            assertThat(VpcdFrameDecoder.Control.of(frames.get(0))).isEqualTo(VpcdFrameDecoder.Control.GET_ATR);
            assertThat(VpcdFrameDecoder.Control.of(frames.get(1))).isEqualTo(VpcdFrameDecoder.Control.POWER_ON);
            assertThat(VpcdFrameDecoder.Control.of(frames.get(2))).isNull();
            assertThat(frames.get(2)).isEqualTo(Hex.decode("00A4040000"));
            assertThat(VpcdFrameDecoder.Control.of(frames.get(3))).isEqualTo(VpcdFrameDecoder.Control.POWER_OFF);
            assertThat(d.idle()).isTrue();
        }
    }

    @Test
    void oneByteAtATime() {
        VpcdFrameDecoder d = new VpcdFrameDecoder();
        List<byte[]> frames = new ArrayList<>();
        for (byte b : STREAM) {
            frames.addAll(d.feed(new byte[] {b}, 0, 1));
        }
        assertThat(frames).hasSize(4);
    }

    @Test
    void rejectsWhatVpcdNeverSends() {
        assertThatThrownBy(() -> new VpcdFrameDecoder().feed(Hex.decode("0000"), 0, 2)).hasMessageContaining("zero-length frame");
        assertThatThrownBy(() -> VpcdFrameDecoder.Control.of(new byte[] {3})).hasMessageContaining("unknown vpcd control byte 03");
        assertThatThrownBy(() -> VpcdFrameDecoder.encode(new byte[0])).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> VpcdFrameDecoder.encode(new byte[65536])).hasMessageContaining("1..65535");
    }

    @Property
    void anyFramesSplitAnywhereDecodeToThemselves(@ForAll @Size(min = 1, max = 8) List<@Size(min = 1, max = 600) byte[]> payloads,
                                                   @ForAll @IntRange(min = 1, max = 700) int chunk) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        payloads.forEach(p -> wire.writeBytes(VpcdFrameDecoder.encode(p)));
        byte[] all = wire.toByteArray();
        VpcdFrameDecoder d = new VpcdFrameDecoder();
        List<byte[]> got = new ArrayList<>();
        for (int off = 0; off < all.length; off += chunk) {
            got.addAll(d.feed(all, off, Math.min(chunk, all.length - off)));
        }
        assertThat(got).hasSameSizeAs(payloads);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(payloads.get(i));
        }
    }
}
