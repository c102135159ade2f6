package org.secfunet.radius.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One RADIUS attribute (RFC 2865 §5): a Type and a Value of at most 253 bytes (the Length byte
 * counts the two header bytes). Immutable. Vendor-Specific attributes (type 26) carrying a single
 * vendor sub-attribute — the RFC 2865 §5.26 suggested layout, used by MS-MPPE — have helpers.
 */
public final class RadiusAttribute {
    /** The largest Value: the Length byte (≤ 255) includes Type and Length. */
    public static final int MAX_VALUE_LENGTH = 253;
    /** The largest vendor data in a single-sub-attribute Vendor-Specific: 253 − Vendor-Id(4) − type(1) − length(1). */
    public static final int MAX_VENDOR_DATA_LENGTH = MAX_VALUE_LENGTH - 6;

    private final int type;
    private final byte[] value;

    private RadiusAttribute(int type, byte[] value, boolean copy) {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("RADIUS attribute type must be 0..255, got " + type);
        }
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("RADIUS attribute " + RadiusAttributeType.name(type) + " value of "
                    + value.length + " bytes exceeds " + MAX_VALUE_LENGTH);
        }
        this.type = type;
        this.value = copy ? value.clone() : value;
    }

    /** An attribute with raw value bytes (copied); at most 253 bytes. */
    public static RadiusAttribute of(int type, byte[] value) {
        return new RadiusAttribute(type, value, true);
    }

    /** Owns {@code value} (no copy): for the parser and the codec's own arrays. */
    static RadiusAttribute wrap(int type, byte[] value) {
        return new RadiusAttribute(type, value, false);
    }

    /** A text attribute, UTF-8 encoded (RFC 2865 "text"). */
    public static RadiusAttribute text(int type, String value) {
        return new RadiusAttribute(type, value.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A 32-bit unsigned integer attribute (RFC 2865 "integer"), e.g. Framed-MTU, Service-Type. */
    public static RadiusAttribute integer(int type, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RADIUS integer must be 0..2^32-1, got " + value);
        }
        return new RadiusAttribute(type, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value}, false);
    }

    /**
     * A Vendor-Specific attribute (type 26) holding one vendor sub-attribute:
     * {@code Vendor-Id(4) ‖ vendorType(1) ‖ vendorLength(1) = 2 + data ‖ data}.
     */
    public static RadiusAttribute vendorSpecific(int vendorId, int vendorType, byte[] data) {
        if (vendorId < 0 || vendorId > 0xFF_FFFF) {
            throw new IllegalArgumentException("Vendor-Id must be 0..2^24-1 (high byte zero), got " + vendorId);
        }
        if (vendorType < 0 || vendorType > 255) {
            throw new IllegalArgumentException("vendor type must be 0..255, got " + vendorType);
        }
        if (data.length > MAX_VENDOR_DATA_LENGTH) {
            throw new IllegalArgumentException("vendor data of " + data.length + " bytes exceeds " + MAX_VENDOR_DATA_LENGTH);
        }
        byte[] v = new byte[6 + data.length];
        v[1] = (byte) (vendorId >> 16);
        v[2] = (byte) (vendorId >> 8);
        v[3] = (byte) vendorId;
        v[4] = (byte) vendorType;
        v[5] = (byte) (2 + data.length);
        System.arraycopy(data, 0, v, 6, data.length);
        return new RadiusAttribute(RadiusAttributeType.VENDOR_SPECIFIC, v, false);
    }

    public int type() {
        return type;
    }

    /** A copy of the Value. */
    public byte[] value() {
        return value.clone();
    }

    /** The Value without copying; callers in this package must not modify it. */
    byte[] valueRef() {
        return value;
    }

    /** The Length byte: 2 + value length. */
    public int length() {
        return 2 + value.length;
    }

    /** The Value decoded as UTF-8 text (malformed sequences replaced). */
    public String asText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The Value as a 32-bit unsigned integer; a Value that is not 4 bytes is a {@link RadiusFormatException}. */
    public long asInteger() {
        if (value.length != 4) {
            throw new RadiusFormatException(RadiusAttributeType.name(type) + " must be a 4-byte integer, got " + value.length + " bytes");
        }
        return ((value[0] & 0xFFL) << 24) | ((value[1] & 0xFFL) << 16) | ((value[2] & 0xFFL) << 8) | (value[3] & 0xFFL);
    }

    /** The Vendor-Id of a Vendor-Specific attribute, or −1 if this is not one or its Value is shorter than 4 bytes. */
    public int vendorId() {
        if (type != RadiusAttributeType.VENDOR_SPECIFIC || value.length < 4) {
            return -1;
        }
        return ((value[0] & 0xFF) << 24) | ((value[1] & 0xFF) << 16) | ((value[2] & 0xFF) << 8) | (value[3] & 0xFF);
    }

    /** The first vendor sub-attribute's type, or −1 if this is not a Vendor-Specific with at least 5 bytes. */
    public int vendorType() {
        if (type != RadiusAttributeType.VENDOR_SPECIFIC || value.length < 5) {
            return -1;
        }
        return value[4] & 0xFF;
    }

    /** Whether this is a Vendor-Specific attribute of that vendor whose (first) sub-attribute has that type. */
    public boolean isVendor(int vendorId, int vendorType) {
        return vendorId() == vendorId && vendorType() == vendorType;
    }

    /**
     * The data of the single vendor sub-attribute. A Value that is not exactly
     * {@code Vendor-Id ‖ type ‖ length ‖ data} with a consistent length is a {@link RadiusFormatException}.
     */
    public byte[] vendorData() {
        if (type != RadiusAttributeType.VENDOR_SPECIFIC) {
            throw new RadiusFormatException(RadiusAttributeType.name(type) + " is not a Vendor-Specific attribute");
        }
        if (value.length < 6) {
            throw new RadiusFormatException("Vendor-Specific value of " + value.length
                    + " bytes is too short for Vendor-Id(4), vendor type(1) and vendor length(1)");
        }
        int vlen = value[5] & 0xFF;
        if (vlen != value.length - 4) {
            throw new RadiusFormatException("Vendor-Specific sub-attribute length " + vlen + " does not match the "
                    + (value.length - 4) + " bytes after the Vendor-Id");
        }
        return Arrays.copyOfRange(value, 6, value.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusAttribute a && a.type == type && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String v = value.length <= 32 ? HexFormat.of().formatHex(value) : HexFormat.of().formatHex(value, 0, 32) + "…";
        return RadiusAttributeType.name(type) + "(" + value.length + ")=" + v;
    }
}
