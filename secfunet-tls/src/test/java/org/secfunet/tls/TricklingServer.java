package org.secfunet.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hostile loopback TLS "server": to every client it sends a handshake record header announcing
 * 16 KiB, then its body one byte every {@code intervalMillis}, so each read is quick and the whole
 * never ends. The pacing is the attack, not a synchronization.
 */
public final class TricklingServer implements AutoCloseable {
    private static final byte[] RECORD_HEADER = {0x16, 0x03, 0x03, 0x40, 0x00};

    private final ServerSocket listener;
    private final long intervalMillis;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    public TricklingServer(long intervalMillis) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.intervalMillis = intervalMillis;
        Thread.ofVirtual().name("trickling-server").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                clients.add(s);
                Thread.ofVirtual().start(() -> trickle(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void trickle(Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            out.write(RECORD_HEADER);
            out.flush();
            for (int i = 0; i < 0x4000; i++) {
                Thread.sleep(intervalMillis);
                out.write(0);
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up: that is the point
        } finally {
            clients.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
