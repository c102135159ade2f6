package org.secfunet.pcsc.part10;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A reader's answer to {@code CM_IOCTL_GET_FEATURE_REQUEST} (PC/SC part 10 v2.02 §2.2): for each
 * feature it has, a TLV of tag (1 byte, {@link FeatureTag}), length 4 and the feature's control code
 * (4 bytes, big endian). Tags this catalogue does not name are skipped (a newer reader's features);
 * a length other than 4, a truncated TLV, a feature listed twice or an answer longer than
 * {@link #MAX_ANSWER} bytes is refused.
 */
public final class ReaderFeatures {
    /** On pcsc-lite: {@code SCARD_CTL_CODE(code) = 0x42000000 + code}. */
    public static final int SCARD_CTL_CODE_BASE = 0x42000000;
    /** {@code CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE(3400)} (pcsc-lite {@code reader.h}). */
    public static final int CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE_BASE + 3400;
    /** Far above what any reader lists (19 features are 114 bytes); more is not a feature list. */
    public static final int MAX_ANSWER = 1024;
    private static final int TLV = 6;

    private final Map<FeatureTag, Integer> codes;

    private ReaderFeatures(Map<FeatureTag, Integer> codes) {
        this.codes = codes;
    }

    /** No features (a reader that answered nothing or refused the request). */
    public static ReaderFeatures none() {
        return new ReaderFeatures(Collections.emptyMap());
    }

    public static ReaderFeatures parse(byte[] answer) {
        if (answer.length > MAX_ANSWER) {
            throw new Part10FormatException("a feature list of " + answer.length + " bytes is longer than " + MAX_ANSWER);
        }
        EnumMap<FeatureTag, Integer> m = new EnumMap<>(FeatureTag.class);
        int i = 0;
        while (i < answer.length) {
            if (answer.length - i < 2) {
                throw new Part10FormatException("feature TLV truncated at byte " + i);
            }
            int tag = answer[i] & 0xFF;
            int len = answer[i + 1] & 0xFF;
            if (len != 4) {
                throw new Part10FormatException("feature 0x" + Integer.toHexString(tag) + " has length " + len + ", not 4");
            }
            if (answer.length - i < TLV) {
                throw new Part10FormatException("feature 0x" + Integer.toHexString(tag) + " truncated at byte " + i);
            }
            int code = (answer[i + 2] & 0xFF) << 24 | (answer[i + 3] & 0xFF) << 16 | (answer[i + 4] & 0xFF) << 8 | answer[i + 5] & 0xFF;
            FeatureTag f = FeatureTag.of(tag);
            if (f != null && m.putIfAbsent(f, code) != null) {
                throw new Part10FormatException("feature " + f + " is listed twice");
            }
            i += TLV;
        }
        return new ReaderFeatures(Collections.unmodifiableMap(m));
    }

    /** The control code of {@code feature}, empty when the reader does not have it. */
    public OptionalInt controlCode(FeatureTag feature) {
        Integer c = codes.get(feature);
        return c == null ? OptionalInt.empty() : OptionalInt.of(c);
    }

    /** Every feature the reader has, with its control code. */
    public Map<FeatureTag, Integer> all() {
        return codes;
    }

    @Override
    public String toString() {
        return "ReaderFeatures" + codes.keySet();
    }
}
