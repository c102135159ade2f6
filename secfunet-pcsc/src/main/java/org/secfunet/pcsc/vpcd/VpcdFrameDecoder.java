package org.secfunet.pcsc.vpcd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The vpcd wire format, decoding side: every message is a 2-byte big-endian length then the
 * payload. Bytes may arrive split anywhere; {@link #feed} returns the complete frames so far.
 * No I/O. A frame is at most 65535 bytes by construction; a zero-length frame is a protocol error
 * (vpcd never sends one).
 */
public final class VpcdFrameDecoder {
    private final byte[] header = new byte[2];
    private int headerFill;
    private byte[] payload;
    private int payloadFill;

    public List<byte[]> feed(byte[] buf, int off, int len) {
        List<byte[]> frames = new ArrayList<>(1);
        int i = off;
        int end = off + len;
        while (i < end) {
            if (payload == null) {
                header[headerFill++] = buf[i++];
                if (headerFill == 2) {
                    int n = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
                    headerFill = 0;
                    if (n == 0) {
                        throw new VpcdProtocolException("vpcd sent a zero-length frame");
                    }
                    payload = new byte[n];
                    payloadFill = 0;
                }
            } else {
                int take = Math.min(end - i, payload.length - payloadFill);
                System.arraycopy(buf, i, payload, payloadFill, take);
                payloadFill += take;
                i += take;
                if (payloadFill == payload.length) {
                    frames.add(payload);
                    payload = null;
                }
            }
        }
        return frames;
    }

    /** True when no partial frame is pending. */
    public boolean idle() {
        return payload == null && headerFill == 0;
    }

    /** Encodes one frame (length prefix and payload in one array, sent with one write). */
    public static byte[] encode(byte[] payload) {
        if (payload.length == 0 || payload.length > 0xFFFF) {
            throw new VpcdProtocolException("a vpcd frame must carry 1..65535 bytes, not " + payload.length);
        }
        byte[] out = new byte[payload.length + 2];
        out[0] = (byte) (payload.length >> 8);
        out[1] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    /** What a one-byte frame from vpcd means. */
    public enum Control {
        POWER_OFF(0), POWER_ON(1), RESET(2), GET_ATR(4);

        final int code;

        Control(int code) {
            this.code = code;
        }

        public static Control of(byte[] frame) {
            if (frame.length != 1) {
                return null;
            }
            for (Control c : values()) {
                if (c.code == (frame[0] & 0xFF)) {
                    return c;
                }
            }
            throw new VpcdProtocolException("unknown vpcd control byte " + String.format("%02X", frame[0] & 0xFF) + " " + Arrays.toString(frame));
        }
    }
}
