package org.secfunet.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A bound on a whole TLS handshake over a socket, however slowly the server's bytes come: before
 * each read the time left is checked, and the read waits at most that long (a per-read timeout
 * alone lets a server that trickles one byte at a time hold the handshake, and its card, for ever).
 */
public final class HandshakeDeadline {
    /** The bound when none is configured. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private final Socket socket;
    private final Duration limit;
    private final long end;

    /** Starts the clock now. */
    public HandshakeDeadline(Socket socket, Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a handshake deadline must be positive, not " + limit);
        }
        this.socket = socket;
        this.limit = limit;
        this.end = System.nanoTime() + limit.toNanos();
    }

    /** The socket's input, each read bounded by what is left of the deadline. */
    public InputStream input() throws IOException {
        return new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                arm();
                try {
                    return super.read();
                } catch (SocketTimeoutException timedOut) {
                    throw expired(); // the read waited for exactly what was left
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                arm();
                try {
                    return super.read(b, off, len);
                } catch (SocketTimeoutException timedOut) {
                    throw expired(); // the read waited for exactly what was left
                }
            }
        };
    }

    /** Throws when the deadline has passed. */
    public void check() throws HandshakeTimeoutException {
        if (leftNanos() <= 0) {
            throw expired();
        }
    }

    private void arm() throws IOException {
        long left = leftNanos();
        if (left <= 0) {
            throw expired();
        }
        // rounded up: a read that times out has used the whole deadline
        socket.setSoTimeout((int) Math.clamp(TimeUnit.NANOSECONDS.toMillis(left + 999_999), 1, Integer.MAX_VALUE));
    }

    private long leftNanos() {
        return end - System.nanoTime();
    }

    private HandshakeTimeoutException expired() {
        return new HandshakeTimeoutException("TLS handshake with " + peer() + " took longer than " + shown(limit));
    }

    private String peer() {
        if (socket.getRemoteSocketAddress() instanceof InetSocketAddress a) {
            return a.getHostString() + ":" + a.getPort();
        }
        return "the server";
    }

    /** "2 s", or "1500 ms" when not whole seconds. */
    static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The whole handshake took longer than its deadline. */
    public static final class HandshakeTimeoutException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        HandshakeTimeoutException(String message) {
            super(message);
        }
    }
}
