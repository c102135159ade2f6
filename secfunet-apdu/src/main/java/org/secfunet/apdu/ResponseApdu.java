package org.secfunet.apdu;

import java.util.Arrays;
import java.util.Objects;

/** A response APDU: data (possibly empty) followed by the status word SW1 SW2. */
public final class ResponseApdu {
    /** Largest response a card can send: 65536 data bytes and the status word. */
    public static final int MAX_ENCODED_LENGTH = 65536 + 2;

    private final byte[] data;
    private final int sw;

    public ResponseApdu(byte[] data, int sw) {
        Objects.requireNonNull(data, "data");
        if (sw < 0 || sw > 0xFFFF) {
            throw new ApduFormatException("status word must be two bytes, got " + sw);
        }
        if (data.length > MAX_ENCODED_LENGTH - 2) {
            throw new ApduFormatException("response data of " + data.length + " bytes exceeds 65536");
        }
        this.data = data.clone();
        this.sw = sw;
    }

    public static ResponseApdu of(int sw) {
        return new ResponseApdu(new byte[0], sw);
    }

    public static ResponseApdu ok(byte[] data) {
        return new ResponseApdu(data, StatusWord.OK);
    }

    /** Strict parse of the bytes a card returned. */
    public static ResponseApdu parse(byte[] bytes) {
        if (bytes == null) {
            throw new ApduFormatException("response is missing");
        }
        if (bytes.length < 2) {
            throw new ApduFormatException("response too short: " + bytes.length + " byte(s); a response ends with the 2-byte status word");
        }
        if (bytes.length > MAX_ENCODED_LENGTH) {
            throw new ApduFormatException("response too long: " + bytes.length + " bytes; at most " + MAX_ENCODED_LENGTH);
        }
        int n = bytes.length;
        return new ResponseApdu(Arrays.copyOf(bytes, n - 2), ((bytes[n - 2] & 0xFF) << 8) | (bytes[n - 1] & 0xFF));
    }

    public byte[] encode() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public int sw() {
        return sw;
    }

    public int sw1() {
        return sw >> 8;
    }

    public int sw2() {
        return sw & 0xFF;
    }

    public boolean isOk() {
        return sw == StatusWord.OK;
    }

    /** The status word's meaning from the catalogue. */
    public String meaning() {
        return StatusWord.describe(sw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && r.sw == sw && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + sw;
    }

    @Override
    public String toString() {
        return "ResponseApdu[" + data.length + " bytes, SW=" + Hex.shortHex(sw) + " " + meaning() + "]";
    }
}
