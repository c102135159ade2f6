package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** Copies bytes both ways between two sockets until both directions end (half-close passed on). */
final class Relay {
    private Relay() {
    }

    /** @return bytes {a to b, b to a} */
    static long[] run(Socket a, Socket b) {
        AtomicLong ab = new AtomicLong();
        AtomicLong ba = new AtomicLong();
        Thread down = Thread.ofVirtual().name("secfunet-relay").start(() -> copy(b, a, ba));
        copy(a, b, ab);
        try {
            down.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new long[] {ab.get(), ba.get()};
    }

    private static void copy(Socket from, Socket to, AtomicLong count) {
        byte[] buf = new byte[16 * 1024 + 512];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
                count.addAndGet(n);
            }
        } catch (IOException ignored) {
            // one side went away: end both
        } finally {
            try {
                if (to instanceof javax.net.ssl.SSLSocket) {
                    to.close(); // TLS sockets cannot half-close
                } else {
                    to.shutdownOutput();
                }
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
