package org.secfunet.pcsc.part10;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A reader's answer to {@code FEATURE_GET_TLV_PROPERTIES} (PC/SC part 10 v2.02 §2.6.14): TLVs of
 * tag (1 byte, {@link TlvProperty}), length (1 byte) and value, numbers little endian. Unknown tags
 * are skipped; a truncated TLV, a number longer than 4 bytes, a property given twice or an answer
 * longer than {@link #MAX_ANSWER} bytes is refused.
 */
public final class TlvProperties {
    /** Far above the 12 properties of the specification. */
    public static final int MAX_ANSWER = 1024;

    private final Map<TlvProperty, byte[]> values;

    private TlvProperties(Map<TlvProperty, byte[]> values) {
        this.values = values;
    }

    public static TlvProperties parse(byte[] answer) {
        if (answer.length > MAX_ANSWER) {
            throw new Part10FormatException("TLV properties of " + answer.length + " bytes are longer than " + MAX_ANSWER);
        }
        EnumMap<TlvProperty, byte[]> m = new EnumMap<>(TlvProperty.class);
        int i = 0;
        while (i < answer.length) {
            if (answer.length - i < 2) {
                throw new Part10FormatException("TLV property truncated at byte " + i);
            }
            int tag = answer[i] & 0xFF;
            int len = answer[i + 1] & 0xFF;
            if (answer.length - i - 2 < len) {
                throw new Part10FormatException("TLV property " + tag + " has length " + len + " but only " + (answer.length - i - 2) + " bytes follow");
            }
            byte[] v = java.util.Arrays.copyOfRange(answer, i + 2, i + 2 + len);
            TlvProperty p = TlvProperty.of(tag);
            if (p != null) {
                if (p != TlvProperty.sFirmwareID && len > 4) {
                    throw new Part10FormatException("TLV property " + p + " has " + len + " bytes, more than a number of 4");
                }
                if (m.putIfAbsent(p, v) != null) {
                    throw new Part10FormatException("TLV property " + p + " is given twice");
                }
            }
            i += 2 + len;
        }
        return new TlvProperties(Collections.unmodifiableMap(m));
    }

    /** The numeric value (little endian, unsigned) of {@code p}, empty when absent or when {@code p} is text. */
    public OptionalLong number(TlvProperty p) {
        byte[] v = values.get(p);
        if (v == null || p == TlvProperty.sFirmwareID) {
            return OptionalLong.empty();
        }
        long n = 0;
        for (int k = v.length - 1; k >= 0; k--) {
            n = n << 8 | v[k] & 0xFF;
        }
        return OptionalLong.of(n);
    }

    /** The reader's firmware text ({@link TlvProperty#sFirmwareID}), or null. */
    public String firmwareId() {
        byte[] v = values.get(TlvProperty.sFirmwareID);
        return v == null ? null : new String(v, StandardCharsets.US_ASCII);
    }

    /** dwMaxAPDUDataSize, 0 (short APDUs only) when the reader does not give it. */
    public long maxApduDataSize() {
        return number(TlvProperty.dwMaxAPDUDataSize).orElse(0);
    }

    /** The properties the reader gave. */
    public java.util.Set<TlvProperty> present() {
        return values.keySet();
    }

    @Override
    public String toString() {
        return "TlvProperties" + values.keySet();
    }
}
