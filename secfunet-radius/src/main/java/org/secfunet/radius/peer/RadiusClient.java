package org.secfunet.radius.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.List;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusFormatException;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.radius.packet.RadiusSigner;
import org.secfunet.radius.packet.RadiusVerifier;

/**
 * A RADIUS client (the NAS side): signed Access-Requests over UDP, a new Identifier per request,
 * the same bytes retransmitted after a timeout, and only replies that verify accepted (others are
 * dropped and counted, as RFC 3579 §3.2 says).
 */
public final class RadiusClient implements AutoCloseable {
    /** A request and its verified reply (the request's authenticator decrypts MPPE keys). */
    public record Exchange(RadiusPacket request, RadiusPacket reply) {
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] secret;
    private final int timeoutMillis;
    private final int tries;
    private final SecureRandom random = new SecureRandom();
    private int nextId = new SecureRandom().nextInt(256);
    private int dropped;
    private int retransmissions;

    public RadiusClient(InetSocketAddress server, byte[] secret, int timeoutMillis, int tries) throws IOException {
        if (tries < 1 || tries > 10 || timeoutMillis < 100 || timeoutMillis > 60_000) {
            throw new IllegalArgumentException("tries 1..10 and timeout 100..60000 ms");
        }
        this.socket = new DatagramSocket();
        this.server = server;
        this.secret = secret.clone();
        this.timeoutMillis = timeoutMillis;
        this.tries = tries;
    }

    /** Sends an Access-Request with these attributes (a Message-Authenticator is added) and waits for its verified reply. */
    public synchronized Exchange send(List<RadiusAttribute> attributes) throws IOException {
        RadiusPacket request = RadiusSigner.accessRequest(nextId, attributes, secret, random);
        nextId = (nextId + 1) & 0xFF;
        byte[] bytes = request.encode();
        byte[] buf = new byte[RadiusPacket.MAX_LENGTH + 1];
        for (int attempt = 0; attempt < tries; attempt++) {
            if (attempt > 0) {
                retransmissions++;
            }
            socket.send(new DatagramPacket(bytes, bytes.length, server));
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(d);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (!d.getAddress().equals(server.getAddress()) || d.getPort() != server.getPort()) {
                    dropped++;
                    continue;
                }
                RadiusPacket reply;
                try {
                    reply = RadiusPacket.parse(java.util.Arrays.copyOf(d.getData(), d.getLength()));
                } catch (RadiusFormatException e) {
                    dropped++;
                    continue;
                }
                if (reply.identifier() != request.identifier() || !reply.code().isAccessReply()
                        || !RadiusVerifier.verifyReply(reply, request.authenticator(), secret)) {
                    dropped++;
                    continue;
                }
                return new Exchange(request, reply);
            }
        }
        throw new IOException("no valid answer from the RADIUS server " + server.getHostString() + ":" + server.getPort() + " after " + tries
                + " tries (" + (dropped > 0 ? dropped + " invalid replies dropped: wrong shared secret?" : "nothing received: a server drops requests signed with a wrong shared secret without a word") + ")");
    }

    public byte[] secret() {
        return secret.clone();
    }

    public int droppedReplies() {
        return dropped;
    }

    public int retransmissions() {
        return retransmissions;
    }

    @Override
    public void close() {
        socket.close();
        java.util.Arrays.fill(secret, (byte) 0);
    }
}
