package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can cut: while cut, every connection through it is closed
 * and new ones are closed at once, as if the host behind it had crashed or been partitioned away
 * (its peers see their connections end, and a ZooKeeper server sees the session's connection
 * gone, so the session expires for real). {@link #restore()} lets connections through again.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress target;
    private volatile boolean cut;
    private volatile boolean closed;

    /** Listens on a free loopback port; forwards to {@code target} (may be set later with {@link #target}). */
    TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon(true).name("tcp-proxy-" + port()).start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    void target(InetSocketAddress t) {
        target = t;
    }

    boolean isCut() {
        return cut;
    }

    /** Closes every connection through the proxy and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        for (Socket s : live) {
            quietClose(s);
        }
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            Socket in;
            try {
                in = listener.accept();
            } catch (IOException e) {
                return;
            }
            InetSocketAddress t = target;
            if (cut || t == null) {
                quietClose(in);
                continue;
            }
            Socket out = new Socket();
            try {
                out.connect(t, 2_000);
            } catch (IOException e) {
                quietClose(in);
                quietClose(out);
                continue;
            }
            live.add(in);
            live.add(out);
            if (cut) { // cut while connecting
                quietClose(in);
                quietClose(out);
            }
            Thread.ofVirtual().start(() -> pump(in, out));
            Thread.ofVirtual().start(() -> pump(out, in));
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
            for (int n; (n = i.read(buf)) >= 0; ) {
                if (cut) {
                    break;
                }
                o.write(buf, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // one side is gone: close both below
        } finally {
            quietClose(from);
            quietClose(to);
            live.remove(from);
            live.remove(to);
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
