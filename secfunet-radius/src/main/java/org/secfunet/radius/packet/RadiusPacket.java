package org.secfunet.radius.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A RADIUS packet (RFC 2865 §3): {@code Code(1) Identifier(1) Length(2) Authenticator(16) Attributes…},
 * 20..4096 bytes. Immutable; attributes keep their order, so {@code parse(b).encode()} gives back the
 * first Length bytes of {@code b} exactly (the authenticator checks rely on it). Building and checking
 * authenticators is {@link RadiusSigner} / {@link RadiusVerifier}'s job; this class does no I/O.
 */
public final class RadiusPacket {
    public static final int HEADER_LENGTH = 20;
    public static final int MAX_LENGTH = 4096;
    public static final int AUTHENTICATOR_LENGTH = 16;

    private final RadiusCode code;
    private final int identifier;
    private final byte[] authenticator;
    private final List<RadiusAttribute> attributes;
    private final int length;

    /**
     * A packet with these fields. The identifier is 0..255, the authenticator 16 bytes, and the
     * encoded packet must fit in 4096 bytes; otherwise {@link IllegalArgumentException}.
     */
    public RadiusPacket(RadiusCode code, int identifier, byte[] authenticator, List<RadiusAttribute> attributes) {
        this(code, identifier, authenticator.clone(), List.copyOf(attributes), true);
    }

    private RadiusPacket(RadiusCode code, int identifier, byte[] authenticator, List<RadiusAttribute> attributes, boolean owned) {
        // owned: authenticator and attributes are private copies already (no second copy)
        this.code = Objects.requireNonNull(code, "code");
        if (identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("RADIUS identifier must be 0..255, got " + identifier);
        }
        if (authenticator.length != AUTHENTICATOR_LENGTH) {
            throw new IllegalArgumentException("RADIUS authenticator must be 16 bytes, got " + authenticator.length);
        }
        int len = HEADER_LENGTH;
        for (RadiusAttribute a : attributes) {
            len += a.length();
        }
        if (len > MAX_LENGTH) {
            throw new IllegalArgumentException("RADIUS packet of " + len + " bytes exceeds " + MAX_LENGTH
                    + " (" + attributes.size() + " attributes)");
        }
        this.identifier = identifier;
        this.authenticator = authenticator;
        this.attributes = attributes;
        this.length = len;
    }

    /**
     * Parses a received datagram. The Length field must be 20..4096 and no larger than the
     * datagram; bytes beyond Length are padding and ignored (RFC 2865 §3). Each attribute needs a
     * Length of at least 2 that stays inside the packet. Anything else — and an unknown Code — is a
     * {@link RadiusFormatException} whose message names the problem.
     */
    public static RadiusPacket parse(byte[] datagram) {
        if (datagram == null) {
            throw new RadiusFormatException("RADIUS datagram is missing");
        }
        if (datagram.length < HEADER_LENGTH) {
            throw new RadiusFormatException("RADIUS packet too short: " + datagram.length
                    + " byte(s), the header (Code, Identifier, Length, Authenticator) is 20");
        }
        int length = ((datagram[2] & 0xFF) << 8) | (datagram[3] & 0xFF);
        if (length < HEADER_LENGTH) {
            throw new RadiusFormatException("RADIUS Length " + length + " is below the 20-byte header");
        }
        if (length > MAX_LENGTH) {
            throw new RadiusFormatException("RADIUS Length " + length + " exceeds the maximum of " + MAX_LENGTH);
        }
        if (length > datagram.length) {
            throw new RadiusFormatException("RADIUS packet truncated: Length says " + length + " bytes, the datagram has "
                    + datagram.length);
        }
        RadiusCode code = RadiusCode.of(datagram[0] & 0xFF);
        List<RadiusAttribute> attributes = new ArrayList<>();
        int off = HEADER_LENGTH;
        while (off < length) {
            if (length - off < 2) {
                throw new RadiusFormatException("RADIUS attribute at offset " + off + " is cut: 1 byte left before Length "
                        + length + ", the attribute header is 2");
            }
            int type = datagram[off] & 0xFF;
            int alen = datagram[off + 1] & 0xFF;
            if (alen < 2) {
                throw new RadiusFormatException("RADIUS attribute " + RadiusAttributeType.name(type) + " at offset " + off
                        + " has Length " + alen + ", below its 2-byte header");
            }
            if (alen > length - off) {
                throw new RadiusFormatException("RADIUS attribute " + RadiusAttributeType.name(type) + " at offset " + off
                        + " has Length " + alen + " but only " + (length - off) + " bytes remain in the packet");
            }
            attributes.add(RadiusAttribute.wrap(type, Arrays.copyOfRange(datagram, off + 2, off + alen)));
            off += alen;
        }
        return new RadiusPacket(code, datagram[1] & 0xFF, Arrays.copyOfRange(datagram, 4, HEADER_LENGTH),
                List.copyOf(attributes), false);
    }

    /** The packet bytes, exactly {@link #length()} long. */
    public byte[] encode() {
        byte[] out = new byte[length];
        out[0] = (byte) code.value;
        out[1] = (byte) identifier;
        out[2] = (byte) (length >> 8);
        out[3] = (byte) length;
        System.arraycopy(authenticator, 0, out, 4, AUTHENTICATOR_LENGTH);
        int off = HEADER_LENGTH;
        for (RadiusAttribute a : attributes) {
            byte[] v = a.valueRef();
            out[off] = (byte) a.type();
            out[off + 1] = (byte) (2 + v.length);
            System.arraycopy(v, 0, out, off + 2, v.length);
            off += 2 + v.length;
        }
        return out;
    }

    /** The same packet with another Authenticator. */
    public RadiusPacket withAuthenticator(byte[] newAuthenticator) {
        return new RadiusPacket(code, identifier, newAuthenticator.clone(), attributes, false);
    }

    /** The value of the Length field. */
    public int length() {
        return length;
    }

    public RadiusCode code() {
        return code;
    }

    public int identifier() {
        return identifier;
    }

    /** A copy of the 16-byte Authenticator (Request or Response Authenticator, by code). */
    public byte[] authenticator() {
        return authenticator.clone();
    }

    /** All attributes in packet order (unmodifiable). */
    public List<RadiusAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of that type, or null. */
    public RadiusAttribute attribute(int type) {
        for (RadiusAttribute a : attributes) {
            if (a.type() == type) {
                return a;
            }
        }
        return null;
    }

    /** Every attribute of that type, in packet order. */
    public List<RadiusAttribute> attributes(int type) {
        List<RadiusAttribute> out = new ArrayList<>();
        for (RadiusAttribute a : attributes) {
            if (a.type() == type) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** Every Vendor-Specific attribute of that vendor and (first) sub-attribute type, in packet order. */
    public List<RadiusAttribute> vendorAttributes(int vendorId, int vendorType) {
        List<RadiusAttribute> out = new ArrayList<>();
        for (RadiusAttribute a : attributes) {
            if (a.isVendor(vendorId, vendorType)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** Whether at least one attribute of that type is present. */
    public boolean has(int type) {
        return attribute(type) != null;
    }

    /** The EAP packet: every EAP-Message attribute's value concatenated in order (RFC 3579 §3.1), or null if none. */
    public byte[] eapMessage() {
        return RadiusEapMessage.join(attributes);
    }

    /** The value of the (first) State attribute, or null. */
    public byte[] state() {
        RadiusAttribute a = attribute(RadiusAttributeType.STATE);
        return a == null ? null : a.value();
    }

    /** Same bytes on the wire. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusPacket p && Arrays.equals(p.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(code).append(" id=").append(identifier).append(" len=").append(length)
                .append(" auth=").append(HexFormat.of().formatHex(authenticator));
        for (RadiusAttribute a : attributes) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }
}
