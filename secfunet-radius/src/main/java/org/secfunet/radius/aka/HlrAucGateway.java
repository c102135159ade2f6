package org.secfunet.radius.aka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link AuthCentre} on a UNIX datagram socket the way hostapd's hlr_auc_gw does
 * (hostapd: {@code eap_sim_db=unix:PATH}). One request per datagram, the answer sent back to the
 * sender's address. Started and stopped by its owner; the receive loop wakes every second.
 */
public final class HlrAucGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HlrAucGateway.class);

    private final AuthCentre centre;
    private final UnixDatagramSocket socket;
    private final Thread loop;
    private volatile boolean closing;

    private HlrAucGateway(AuthCentre centre, UnixDatagramSocket socket) {
        this.centre = centre;
        this.socket = socket;
        this.loop = Thread.ofPlatform().name("secfunet-hlr-auc").daemon().unstarted(this::run);
    }

    public static HlrAucGateway start(AuthCentre centre, Path socketPath) throws IOException {
        HlrAucGateway g = new HlrAucGateway(centre, UnixDatagramSocket.bind(socketPath, 1000));
        g.loop.start();
        LOG.info("authentication centre listening on {}", socketPath);
        return g;
    }

    private void run() {
        while (!closing) {
            try {
                UnixDatagramSocket.Datagram d = socket.receive(AuthCentre.MAX_REQUEST + 1);
                if (d == null) {
                    continue;
                }
                String answer = centre.handle(new String(d.data(), StandardCharsets.US_ASCII));
                if (answer != null) {
                    socket.send(answer.getBytes(StandardCharsets.US_ASCII), d.from(), d.fromLength());
                }
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("{}", e.getMessage());
                }
            }
        }
    }

    public Path path() {
        return socket.path();
    }

    @Override
    public void close() {
        closing = true;
        try {
            loop.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
