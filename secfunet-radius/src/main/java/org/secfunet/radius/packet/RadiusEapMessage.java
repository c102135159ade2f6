package org.secfunet.radius.packet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * EAP packets in EAP-Message attributes (RFC 3579 §3.1): an EAP packet is split into attributes of
 * at most 253 bytes that are placed consecutively, and the receiver concatenates every EAP-Message
 * attribute in order. Neither side looks inside the EAP packet.
 */
public final class RadiusEapMessage {
    /** The largest EAP-Message value. */
    public static final int MAX_CHUNK = RadiusAttribute.MAX_VALUE_LENGTH;

    private RadiusEapMessage() {
    }

    /**
     * EAP-Message attributes carrying {@code eap} in order: full 253-byte chunks and a shorter last
     * one. An empty EAP packet is refused (IllegalArgumentException); EAP packets have at least 4 bytes.
     */
    public static List<RadiusAttribute> split(byte[] eap) {
        if (eap.length == 0) {
            throw new IllegalArgumentException("an empty EAP packet cannot be carried in EAP-Message");
        }
        List<RadiusAttribute> out = new ArrayList<>((eap.length + MAX_CHUNK - 1) / MAX_CHUNK);
        for (int off = 0; off < eap.length; off += MAX_CHUNK) {
            out.add(RadiusAttribute.wrap(RadiusAttributeType.EAP_MESSAGE,
                    Arrays.copyOfRange(eap, off, Math.min(eap.length, off + MAX_CHUNK))));
        }
        return List.copyOf(out);
    }

    /** The values of every EAP-Message attribute in {@code attributes} concatenated in order, or null if there is none. */
    public static byte[] join(List<RadiusAttribute> attributes) {
        ByteArrayOutputStream out = null;
        for (RadiusAttribute a : attributes) {
            if (a.type() == RadiusAttributeType.EAP_MESSAGE) {
                if (out == null) {
                    out = new ByteArrayOutputStream();
                }
                out.writeBytes(a.valueRef());
            }
        }
        return out == null ? null : out.toByteArray();
    }
}
