package org.secfunet.radius.server;

import java.nio.charset.StandardCharsets;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;

/**
 * One EAP conversation between a peer (through its NAS) and the EAP-TLS server in one card: the
 * card is held from the EAP-Response/Identity to the Access-Accept or -Reject, or until the peer
 * goes quiet. Not thread-safe: the server serializes the requests of one conversation.
 */
final class Conversation {
    final String state;
    final String userName;
    final String client;
    final CardPool.Lease lease;
    final EapSmartcard card;
    final long startNanos;
    volatile long lastNanos;
    int rounds;
    boolean ended;

    Conversation(String state, String userName, String client, CardPool.Lease lease, EapSmartcard card, long now) {
        this.state = state;
        this.userName = userName;
        this.client = client;
        this.lease = lease;
        this.card = card;
        this.startNanos = now;
        this.lastNanos = now;
    }

    byte[] stateBytes() {
        return state.getBytes(StandardCharsets.US_ASCII);
    }

    /** Releases the card (reset: its TLS state ends with the conversation); idempotent. */
    void end(String failure) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            card.closeAndReset();
        } catch (RuntimeException e) {
            failure = failure == null ? e.getMessage() : failure;
        }
        if (failure != null) {
            lease.fail(failure);
        } else {
            lease.close();
        }
    }
}
