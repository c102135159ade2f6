package org.secfunet.eap.tls;

import java.util.Arrays;
import org.secfunet.eap.packet.EapFormatException;

/**
 * The type data of an EAP-TLS packet (RFC 5216 §3.1): Flags, TLS Message Length when L is set,
 * then TLS data. The low three flag bits (version bits of TLS-based EAP methods, RFC 9190 keeps
 * them reserved) are preserved as received.
 */
public record EapTlsMessage(int flags, long tlsMessageLength, byte[] data) {
    public static final int L = 0x80;
    public static final int M = 0x40;
    public static final int S = 0x20;
    /** Largest value a 4-byte TLS Message Length can carry. */
    public static final long MAX_DECLARED = 0xFFFFFFFFL;

    public EapTlsMessage {
        if (flags < 0 || flags > 0xFF) {
            throw new EapFormatException("EAP-TLS flags must be one byte");
        }
        if ((flags & L) != 0 && (tlsMessageLength < 0 || tlsMessageLength > MAX_DECLARED)) {
            throw new EapFormatException("TLS Message Length out of range: " + tlsMessageLength);
        }
        if ((flags & L) == 0) {
            tlsMessageLength = -1;
        }
        data = data.clone();
    }

    public static EapTlsMessage start() {
        return new EapTlsMessage(S, -1, new byte[0]);
    }

    /** An acknowledgement of a fragment: no flags, no data. */
    public static EapTlsMessage ack() {
        return new EapTlsMessage(0, -1, new byte[0]);
    }

    public static EapTlsMessage parse(byte[] typeData) {
        if (typeData.length < 1) {
            throw new EapFormatException("EAP-TLS data is empty: the Flags byte is missing");
        }
        int flags = typeData[0] & 0xFF;
        if ((flags & L) != 0) {
            if (typeData.length < 5) {
                throw new EapFormatException("EAP-TLS L flag set but only " + (typeData.length - 1) + " of the 4 TLS Message Length bytes present");
            }
            long len = ((typeData[1] & 0xFFL) << 24) | ((typeData[2] & 0xFFL) << 16) | ((typeData[3] & 0xFFL) << 8) | (typeData[4] & 0xFFL);
            return new EapTlsMessage(flags, len, Arrays.copyOfRange(typeData, 5, typeData.length));
        }
        return new EapTlsMessage(flags, -1, Arrays.copyOfRange(typeData, 1, typeData.length));
    }

    public byte[] encode() {
        boolean hasLength = (flags & L) != 0;
        byte[] out = new byte[1 + (hasLength ? 4 : 0) + data.length];
        out[0] = (byte) flags;
        int off = 1;
        if (hasLength) {
            out[1] = (byte) (tlsMessageLength >> 24);
            out[2] = (byte) (tlsMessageLength >> 16);
            out[3] = (byte) (tlsMessageLength >> 8);
            out[4] = (byte) tlsMessageLength;
            off = 5;
        }
        System.arraycopy(data, 0, out, off, data.length);
        return out;
    }

    public boolean isStart() {
        return (flags & S) != 0;
    }

    public boolean hasMore() {
        return (flags & M) != 0;
    }

    public boolean hasLength() {
        return (flags & L) != 0;
    }

    /** No data and no L/M/S: an acknowledgement (or the empty final response). */
    public boolean isAck() {
        return data.length == 0 && (flags & (L | M | S)) == 0;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EapTlsMessage m && m.flags == flags && m.tlsMessageLength == tlsMessageLength && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + flags;
    }

    @Override
    public String toString() {
        return "EapTlsMessage[flags=" + String.format("%02X", flags) + (hasLength() ? " L=" + tlsMessageLength : "")
                + " " + data.length + " bytes]";
    }
}
