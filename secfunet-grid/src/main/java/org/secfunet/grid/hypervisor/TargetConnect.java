package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.net.Socket;
import org.secfunet.service.HostPort;

/**
 * The TCP connection to a VM's target server, opened the same way by both brokers before a card
 * is leased: no Nagle delay, a bounded connect, reads bounded by the handshake timeout.
 */
final class TargetConnect {
    /** How long the connect to a target may take. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private TargetConnect() {
    }

    /** A connection to {@code target} whose reads time out after {@code readTimeoutMillis}; {@code ERR connect} when there is none. */
    static Socket open(HostPort target, long readTimeoutMillis) throws BrokerException {
        Socket server = new Socket();
        try {
            server.setTcpNoDelay(true);
            server.connect(target.socketAddress(), CONNECT_TIMEOUT_MILLIS);
            server.setSoTimeout((int) readTimeoutMillis);
            return server;
        } catch (IOException e) {
            close(server);
            throw BrokerException.err("connect", "cannot connect to " + target + ": " + e.getMessage());
        }
    }

    /** Closes {@code s}, which may already be gone. */
    static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
