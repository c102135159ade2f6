package org.secfunet.eap.tls;

import java.time.Instant;
import org.secfunet.eap.packet.EapCode;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;

/**
 * The EAP smart card's variant of EAP-TLS Start (draft-urien-eap-smartcard, Annex 6): the host
 * appends 4 bytes of big-endian {@code gmt_unix_time} after the packet (beyond its Length), since
 * the card has no clock.
 */
public final class SmartcardStart {
    private SmartcardStart() {
    }

    /** EAP-Request/TLS Start with the time appended. */
    public static byte[] encode(int identifier, Instant now) {
        long t = now.getEpochSecond();
        if (t < 0 || t > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("time " + now + " does not fit 4 bytes of Unix time");
        }
        byte[] time = {(byte) (t >> 24), (byte) (t >> 16), (byte) (t >> 8), (byte) t};
        return EapPacket.request(identifier, EapType.TLS, EapTlsMessage.start().encode()).withTrailing(time).encode();
    }

    /** The time carried after a Start, or null when the packet is not a Start or has no 4 trailing bytes. */
    public static Instant time(EapPacket p) {
        if (p.code() != EapCode.REQUEST || p.type() != EapType.TLS) {
            return null;
        }
        EapTlsMessage m;
        try {
            m = EapTlsMessage.parse(p.typeData());
        } catch (EapFormatException e) {
            return null;
        }
        byte[] t = p.trailing();
        if (!m.isStart() || t.length != 4) {
            return null;
        }
        long s = ((t[0] & 0xFFL) << 24) | ((t[1] & 0xFFL) << 16) | ((t[2] & 0xFFL) << 8) | (t[3] & 0xFFL);
        return Instant.ofEpochSecond(s);
    }
}
