package org.secfunet.eap.method;

import java.util.ArrayDeque;
import java.util.Deque;
import org.secfunet.eap.tls.EapTlsFragmenter;
import org.secfunet.eap.tls.EapTlsMessage;

/** The fragments of one outgoing TLS message, sent one per EAP round, each acknowledged by the other side. */
final class OutgoingFragments {
    private final EapTlsFragmenter fragmenter;
    private final Deque<EapTlsMessage> queue = new ArrayDeque<>();

    OutgoingFragments(int fragmentSize) {
        this.fragmenter = new EapTlsFragmenter(fragmentSize, false);
    }

    void load(byte[] tls) {
        queue.clear();
        queue.addAll(fragmenter.fragment(tls));
    }

    boolean pending() {
        return !queue.isEmpty();
    }

    EapTlsMessage next() {
        return queue.poll();
    }

    void clear() {
        queue.clear();
    }
}
