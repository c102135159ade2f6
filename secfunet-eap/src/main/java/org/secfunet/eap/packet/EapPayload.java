package org.secfunet.eap.packet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Typed views of Request/Response type data (RFC 3748 §5). Unknown types stay raw. */
public sealed interface EapPayload {

    int type();

    byte[] encode();

    /** Identity (1): UTF-8 text, possibly empty. */
    record Identity(String identity) implements EapPayload {
        public int type() {
            return EapType.IDENTITY;
        }

        public byte[] encode() {
            return identity.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Notification (2): displayable text; must not be empty in a Request. */
    record Notification(String text) implements EapPayload {
        public int type() {
            return EapType.NOTIFICATION;
        }

        public byte[] encode() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Legacy Nak (3): the desired authentication types (0 = none acceptable). */
    record Nak(List<Integer> desired) implements EapPayload {
        public Nak {
            desired = List.copyOf(desired);
        }

        public int type() {
            return EapType.NAK;
        }

        public byte[] encode() {
            byte[] out = new byte[desired.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (int) desired.get(i);
            }
            return out;
        }
    }

    /** A vendor/type pair of the expanded type space. */
    record ExpandedMethod(int vendorId, long vendorType) {
    }

    /** Expanded Nak (254, vendor 0, type 3): desired expanded methods. */
    record ExpandedNak(List<ExpandedMethod> desired) implements EapPayload {
        public ExpandedNak {
            desired = List.copyOf(desired);
        }

        public int type() {
            return EapType.EXPANDED;
        }

        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(7 + 8 * desired.size());
            b.put((byte) 0).put((byte) 0).put((byte) 0).putInt(3);
            for (ExpandedMethod m : desired) {
                b.put((byte) EapType.EXPANDED).put((byte) (m.vendorId() >> 16)).put((byte) (m.vendorId() >> 8)).put((byte) m.vendorId())
                        .putInt((int) m.vendorType());
            }
            return b.array();
        }
    }

    /** Any other expanded type: vendor id, vendor type, data. */
    record Expanded(ExpandedMethod method, byte[] data) implements EapPayload {
        public int type() {
            return EapType.EXPANDED;
        }

        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(7 + data.length);
            int v = method.vendorId();
            b.put((byte) (v >> 16)).put((byte) (v >> 8)).put((byte) v).putInt((int) method.vendorType()).put(data);
            return b.array();
        }
    }

    /** EAP-TLS (13); decode the data further with {@link org.secfunet.eap.tls.EapTlsMessage}. */
    record Tls(byte[] data) implements EapPayload {
        public int type() {
            return EapType.TLS;
        }

        public byte[] encode() {
            return data.clone();
        }
    }

    /** EAP-SIM (18) or EAP-AKA (23): subtype, two reserved bytes, attributes (RFC 4186/4187 §8.1). */
    record SimAka(int type, int subtype, byte[] attributes) implements EapPayload {
        public byte[] encode() {
            byte[] out = new byte[3 + attributes.length];
            out[0] = (byte) subtype;
            System.arraycopy(attributes, 0, out, 3, attributes.length);
            return out;
        }
    }

    /** A type this code does not interpret, kept as raw bytes. */
    record Raw(int type, byte[] data) implements EapPayload {
        public byte[] encode() {
            return data.clone();
        }
    }

    /** The typed view of a Request or Response. */
    static EapPayload of(EapPacket p) {
        if (!p.hasType()) {
            throw new EapFormatException("EAP " + p.code() + " has no payload");
        }
        byte[] d = p.typeData();
        switch (p.type()) {
            case EapType.IDENTITY:
                return new Identity(utf8(d, "Identity"));
            case EapType.NOTIFICATION:
                if (d.length == 0 && p.isRequest()) {
                    throw new EapFormatException("EAP Notification request with an empty message");
                }
                return new Notification(utf8(d, "Notification"));
            case EapType.NAK:
                if (!p.isResponse()) {
                    throw new EapFormatException("Nak is only valid in a Response");
                }
                if (d.length == 0) {
                    throw new EapFormatException("Nak without any desired type (must list at least 0)");
                }
                List<Integer> types = new ArrayList<>();
                for (byte x : d) {
                    types.add(x & 0xFF);
                }
                return new Nak(types);
            case EapType.EXPANDED:
                return expanded(p, d);
            case EapType.TLS:
                return new Tls(d);
            case EapType.SIM:
            case EapType.AKA:
            case EapType.AKA_PRIME:
                if (d.length < 3) {
                    throw new EapFormatException("EAP-" + EapType.name(p.type()) + " data of " + d.length + " bytes lacks the subtype and reserved bytes");
                }
                return new SimAka(p.type(), d[0] & 0xFF, java.util.Arrays.copyOfRange(d, 3, d.length));
            default:
                return new Raw(p.type(), d);
        }
    }

    private static EapPayload expanded(EapPacket p, byte[] d) {
        if (d.length < 7) {
            throw new EapFormatException("expanded type data of " + d.length + " bytes lacks Vendor-Id (3) and Vendor-Type (4)");
        }
        ByteBuffer b = ByteBuffer.wrap(d);
        int vendor = ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
        long vtype = b.getInt() & 0xFFFFFFFFL;
        if (vendor == 0 && vtype == 3) {
            if (!p.isResponse()) {
                throw new EapFormatException("Expanded Nak is only valid in a Response");
            }
            if ((d.length - 7) % 8 != 0 || d.length == 7) {
                throw new EapFormatException("Expanded Nak must list whole 8-byte entries, got " + (d.length - 7) + " bytes");
            }
            List<ExpandedMethod> list = new ArrayList<>();
            while (b.hasRemaining()) {
                int t = b.get() & 0xFF;
                if (t != EapType.EXPANDED) {
                    throw new EapFormatException("Expanded Nak entry with type " + t + " instead of 254");
                }
                int v = ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
                list.add(new ExpandedMethod(v, b.getInt() & 0xFFFFFFFFL));
            }
            return new ExpandedNak(list);
        }
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        return new Expanded(new ExpandedMethod(vendor, vtype), rest);
    }

    private static String utf8(byte[] d, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(d)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new EapFormatException(what + " is not valid UTF-8");
        }
    }
}
