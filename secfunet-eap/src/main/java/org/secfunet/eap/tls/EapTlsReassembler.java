package org.secfunet.eap.tls;

import java.io.ByteArrayOutputStream;
import org.secfunet.eap.packet.EapFormatException;

/**
 * Collects EAP-TLS fragments into one TLS message, with a hard cap on the total: a declared TLS
 * Message Length above the cap is refused before anything is allocated, and the collected data
 * never grows past the cap or past the declared length.
 */
public final class EapTlsReassembler {
    private final int cap;
    private ByteArrayOutputStream buffer;
    private long declared = -1;

    /** @param cap the largest TLS message accepted, in bytes */
    public EapTlsReassembler(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("reassembly cap must be positive");
        }
        this.cap = cap;
    }

    /**
     * Adds a fragment. Returns the whole TLS message when this fragment completed it (M clear),
     * or null when more fragments are expected (the caller then sends an acknowledgement).
     */
    public byte[] add(EapTlsMessage m) {
        if (m.hasLength()) {
            if (buffer != null && declared >= 0 && m.tlsMessageLength() != declared) {
                throw new EapFormatException("TLS Message Length changed from " + declared + " to " + m.tlsMessageLength() + " within one message");
            }
            if (m.tlsMessageLength() > cap) {
                throw new EapFormatException("TLS Message Length " + m.tlsMessageLength() + " exceeds the reassembly cap of " + cap + " bytes");
            }
            declared = m.tlsMessageLength();
        } else if (buffer == null && m.hasMore()) {
            throw new EapFormatException("first fragment of a fragmented EAP-TLS message lacks the L flag");
        }
        if (buffer == null) {
            buffer = new ByteArrayOutputStream(Math.min(m.data().length * 2 + 16, cap));
        }
        byte[] d = m.data();
        long after = (long) buffer.size() + d.length;
        if (after > cap) {
            reset();
            throw new EapFormatException("EAP-TLS message exceeds the reassembly cap of " + cap + " bytes");
        }
        if (declared >= 0 && after > declared) {
            long was = declared;
            reset();
            throw new EapFormatException("EAP-TLS fragments carry more than the declared TLS Message Length of " + was);
        }
        if (m.hasMore() && d.length == 0) {
            reset();
            throw new EapFormatException("EAP-TLS fragment with M set carries no data");
        }
        buffer.writeBytes(d);
        if (m.hasMore()) {
            return null;
        }
        if (declared >= 0 && buffer.size() != declared) {
            long was = declared;
            int got = buffer.size();
            reset();
            throw new EapFormatException("EAP-TLS message ended after " + got + " bytes but TLS Message Length said " + was);
        }
        byte[] whole = buffer.toByteArray();
        reset();
        return whole;
    }

    /** True while a fragmented message is being collected. */
    public boolean inProgress() {
        return buffer != null;
    }

    public int collected() {
        return buffer == null ? 0 : buffer.size();
    }

    public void reset() {
        buffer = null;
        declared = -1;
    }
}
