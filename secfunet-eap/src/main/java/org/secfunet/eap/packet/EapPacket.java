package org.secfunet.eap.packet;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An EAP packet (RFC 3748 §4): Code, Identifier, Length, and for Request/Response a Type and
 * type data. Immutable. Bytes after the Length field's end are not part of the packet; they are
 * kept as {@link #trailing()} because the EAP smart card carries out-of-band data there (the Unix
 * time after EAP-TLS Start).
 */
public final class EapPacket {
    /** The Length field is 16 bits. */
    public static final int MAX_LENGTH = 65535;

    private final EapCode code;
    private final int identifier;
    private final int type;
    private final byte[] typeData;
    private final byte[] trailing;

    private EapPacket(EapCode code, int identifier, int type, byte[] typeData, byte[] trailing) {
        this.code = Objects.requireNonNull(code);
        if (identifier < 0 || identifier > 255) {
            throw new EapFormatException("EAP identifier must be 0..255, got " + identifier);
        }
        boolean hasType = code == EapCode.REQUEST || code == EapCode.RESPONSE;
        if (hasType && (type < 1 || type > 255)) {
            throw new EapFormatException("EAP type must be 1..255, got " + type);
        }
        if (!hasType && (type != EapType.NONE || typeData.length > 0)) {
            throw new EapFormatException("EAP " + code + " carries no type or data");
        }
        if (typeData.length > MAX_LENGTH - 5) {
            throw new EapFormatException("EAP type data of " + typeData.length + " bytes exceeds " + (MAX_LENGTH - 5));
        }
        this.identifier = identifier;
        this.type = type;
        this.typeData = typeData.clone();
        this.trailing = trailing.clone();
    }

    public static EapPacket request(int id, int type, byte[] data) {
        return new EapPacket(EapCode.REQUEST, id, type, data, new byte[0]);
    }

    public static EapPacket response(int id, int type, byte[] data) {
        return new EapPacket(EapCode.RESPONSE, id, type, data, new byte[0]);
    }

    public static EapPacket success(int id) {
        return new EapPacket(EapCode.SUCCESS, id, EapType.NONE, new byte[0], new byte[0]);
    }

    public static EapPacket failure(int id) {
        return new EapPacket(EapCode.FAILURE, id, EapType.NONE, new byte[0], new byte[0]);
    }

    /** The same packet with out-of-band bytes appended after its Length (EAP smart card). */
    public EapPacket withTrailing(byte[] extra) {
        return new EapPacket(code, identifier, type, typeData, extra);
    }

    /** Parses with the protocol maximum of 65535 bytes. */
    public static EapPacket parse(byte[] bytes) {
        return parse(bytes, MAX_LENGTH);
    }

    /**
     * Strict parse. A Length field larger than the buffer (truncation), smaller than the header, or
     * larger than {@code maxLength} is an error; bytes beyond Length are kept as trailing data.
     */
    public static EapPacket parse(byte[] b, int maxLength) {
        if (b == null) {
            throw new EapFormatException("EAP packet is missing");
        }
        if (b.length < 4) {
            throw new EapFormatException("EAP packet too short: " + b.length + " byte(s), the header is 4 (Code, Identifier, Length)");
        }
        EapCode code = EapCode.of(b[0] & 0xFF);
        int id = b[1] & 0xFF;
        int length = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (length > maxLength) {
            throw new EapFormatException("EAP Length " + length + " exceeds the limit of " + maxLength + " bytes");
        }
        if (length > b.length) {
            throw new EapFormatException("EAP packet truncated: Length says " + length + " bytes, only " + b.length + " received");
        }
        byte[] trailing = Arrays.copyOfRange(b, length, b.length);
        if (code == EapCode.SUCCESS || code == EapCode.FAILURE) {
            if (length != 4) {
                throw new EapFormatException("EAP " + code + " must have Length 4, not " + length);
            }
            return new EapPacket(code, id, EapType.NONE, new byte[0], trailing);
        }
        if (length < 5) {
            throw new EapFormatException("EAP " + code + " needs a Type: Length " + length + " is below 5");
        }
        int type = b[4] & 0xFF;
        if (type == 0) {
            throw new EapFormatException("EAP type 0 is reserved");
        }
        return new EapPacket(code, id, type, Arrays.copyOfRange(b, 5, length), trailing);
    }

    /** The packet bytes (Length = header + type data), followed by any trailing bytes. */
    public byte[] encode() {
        int length = length();
        byte[] out = new byte[length + trailing.length];
        out[0] = (byte) code.value;
        out[1] = (byte) identifier;
        out[2] = (byte) (length >> 8);
        out[3] = (byte) length;
        if (hasType()) {
            out[4] = (byte) type;
            System.arraycopy(typeData, 0, out, 5, typeData.length);
        }
        System.arraycopy(trailing, 0, out, length, trailing.length);
        return out;
    }

    /** The value of the Length field. */
    public int length() {
        return hasType() ? 5 + typeData.length : 4;
    }

    public boolean hasType() {
        return code == EapCode.REQUEST || code == EapCode.RESPONSE;
    }

    public EapCode code() {
        return code;
    }

    public int identifier() {
        return identifier;
    }

    /** The method type, or {@link EapType#NONE} for Success/Failure. */
    public int type() {
        return type;
    }

    public byte[] typeData() {
        return typeData.clone();
    }

    public byte[] trailing() {
        return trailing.clone();
    }

    public boolean isRequest() {
        return code == EapCode.REQUEST;
    }

    public boolean isResponse() {
        return code == EapCode.RESPONSE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EapPacket p && Arrays.equals(p.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        String head = "EAP-" + code + " id=" + identifier;
        if (!hasType()) {
            return head;
        }
        return head + " " + EapType.name(type) + " " + typeData.length + " bytes"
                + (typeData.length <= 16 ? " " + HexFormat.of().formatHex(typeData) : "");
    }
}
