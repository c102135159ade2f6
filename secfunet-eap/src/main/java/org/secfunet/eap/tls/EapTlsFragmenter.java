package org.secfunet.eap.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one TLS message (one or more records of a flight) into EAP-TLS fragments of at most
 * {@code maxFragment} TLS bytes (RFC 5216 §2.1.5): M on every fragment but the last, L with the
 * total length on the first fragment of a fragmented message (and, if asked, on an unfragmented one).
 */
public final class EapTlsFragmenter {
    private final int maxFragment;
    private final boolean lengthOnSingle;

    /**
     * @param maxFragment    TLS bytes per fragment, 1..65535-10
     * @param lengthOnSingle include L on a message that fits one fragment (allowed, not required)
     */
    public EapTlsFragmenter(int maxFragment, boolean lengthOnSingle) {
        if (maxFragment < 1 || maxFragment > 65535 - 10) {
            throw new IllegalArgumentException("fragment size must be 1..65525, got " + maxFragment);
        }
        this.maxFragment = maxFragment;
        this.lengthOnSingle = lengthOnSingle;
    }

    public int maxFragment() {
        return maxFragment;
    }

    public List<EapTlsMessage> fragment(byte[] tls) {
        List<EapTlsMessage> out = new ArrayList<>();
        if (tls.length <= maxFragment) {
            out.add(lengthOnSingle ? new EapTlsMessage(EapTlsMessage.L, tls.length, tls) : new EapTlsMessage(0, -1, tls));
            return out;
        }
        for (int off = 0; off < tls.length; off += maxFragment) {
            int end = Math.min(tls.length, off + maxFragment);
            boolean first = off == 0;
            boolean last = end == tls.length;
            int flags = (first ? EapTlsMessage.L : 0) | (last ? 0 : EapTlsMessage.M);
            out.add(new EapTlsMessage(flags, first ? tls.length : -1, Arrays.copyOfRange(tls, off, end)));
        }
        return out;
    }
}
