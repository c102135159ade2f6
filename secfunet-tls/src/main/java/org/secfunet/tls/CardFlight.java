package org.secfunet.tls;

import java.io.IOException;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.packet.EapType;

/**
 * What the card's proxy handshake relays, checked the same way by the stream client
 * ({@link CardTlsClient}) and the I/O-free one ({@link ProxyHandshake}): the TLS records out of a
 * card's EAP-TLS answer, the records' well-formedness, and the version a ServerHello chose.
 */
final class CardFlight {
    private CardFlight() {
    }

    /** The TLS bytes of a card's EAP-TLS response (an acknowledgement, EAP Success or Failure carry none), whole records only. */
    static byte[] tlsOf(byte[] eap) throws IOException {
        if (eap == null) {
            return new byte[0];
        }
        EapTlsMessage m;
        try {
            EapPacket p = EapPacket.parse(eap);
            if (!p.hasType()) {
                return new byte[0]; // an EAP Success or Failure carries no TLS data
            }
            if (p.type() != EapType.TLS) {
                throw new IOException("the card answered with EAP type " + p.type() + " instead of EAP-TLS");
            }
            m = EapTlsMessage.parse(p.typeData());
        } catch (EapFormatException e) {
            throw new IOException("the card answered a malformed EAP-TLS packet: " + e.getMessage(), e);
        }
        if (m.hasMore()) {
            throw new IOException("the card fragmented its flight in a TLS proxy session");
        }
        byte[] tls = m.data();
        checkRecords(tls, "the card");
        return tls;
    }

    /** Only whole, well-formed TLS records are forwarded: known type, version 3.x, length within limits. */
    static void checkRecords(byte[] b, String from) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (b.length - off < 5) {
                throw new IOException(from + " sent a truncated TLS record header");
            }
            int type = b[off] & 0xFF;
            int len = ((b[off + 3] & 0xFF) << 8) | (b[off + 4] & 0xFF);
            if (!knownType(type) || b[off + 1] != 3 || len > (1 << 14) + 2048) {
                throw new IOException(from + " sent something that is not a TLS record (type " + type + ", length " + len + ")");
            }
            if (b.length - off - 5 < len) {
                throw new IOException(from + " sent a truncated TLS record");
            }
            off += 5 + len;
        }
    }

    /** change_cipher_spec, alert, handshake or application_data: the record types of TLS 1.2 and 1.3. */
    static boolean knownType(int type) {
        return type >= ContentType.change_cipher_spec && type <= ContentType.application_data;
    }

    /**
     * Whether the records that start with the ServerHello negotiated TLS 1.2: its cipher suite is not a
     * TLS 1.3 one (those are 0x13xx, RFC 8446 §B.4; no TLS 1.2 suite is). Null when they do not
     * start with a ServerHello.
     */
    static Boolean tls12Of(byte[] flight) {
        // record header 5, handshake type 1, length 3, legacy_version 2, random 32, session id length 1
        if (flight.length > 44 && flight[0] == ContentType.handshake && flight[5] == HandshakeType.server_hello) {
            int sid = flight[43] & 0xFF;
            if (flight.length >= 44 + sid + 2) {
                return flight[44 + sid] != 0x13;
            }
        }
        return null;
    }
}
