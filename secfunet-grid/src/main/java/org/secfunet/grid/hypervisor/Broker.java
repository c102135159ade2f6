package org.secfunet.grid.hypervisor;

import java.net.Socket;
import org.secfunet.tls.CardTlsClient;

/**
 * What {@link Hypervisor} asks of the part that runs a VM's request up to key export: the local
 * card pool ({@link HandshakeBroker}) or the grid on ZooKeeper ({@link GridBroker}).
 */
public interface Broker {
    /** A finished handshake and the server connection it runs on. */
    record Result(CardTlsClient.Handshake handshake, Socket server, String cardId, long queueNanos, long cardNanos) {
    }

    /** Runs the request for {@code vmName}; {@code pin} (may be null: the operator-held PIN) is wiped. */
    Result run(String vmName, VmRequest req, char[] pin) throws BrokerException, InterruptedException;

    /** Closes the card sessions kept verified longer than {@code limits.card_keep_ms} whose card is free; returns how many. */
    int sweepKept();

    /** Card sessions kept open and verified now. */
    int keptSessions();

    /** True when the card of the local pool answers again (the pool's probe). */
    boolean probe(String cardId);

    /** Closes every kept card session (the hypervisor is closing). */
    void closeKept();
}
