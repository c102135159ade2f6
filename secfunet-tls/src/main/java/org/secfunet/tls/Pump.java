package org.secfunet.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Copies bytes between a plaintext side and a TLS connection, both ways, until both ends are done. */
public final class Pump {
    private Pump() {
    }

    /**
     * Copies {@code local} → connection and connection → {@code localOut}. When the local input ends,
     * close_notify goes out and the server's remaining data is still read, for at most {@code drainMillis}.
     *
     * @return bytes {to server, from server}
     */
    public static long[] run(TlsConnection c, InputStream local, OutputStream localOut, long drainMillis) throws IOException {
        AtomicLong fromServer = new AtomicLong();
        IOException[] failure = new IOException[1];
        Thread down = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                InputStream in = c.getInputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    localOut.write(buf, 0, n);
                    localOut.flush();
                    fromServer.addAndGet(n);
                }
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "secfunet-pump-down");
        down.setDaemon(true);
        down.start();
        long toServer = 0;
        byte[] buf = new byte[16384];
        try {
            OutputStream out = c.getOutputStream();
            for (int n; down.isAlive() && (n = local.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                toServer += n;
            }
        } finally {
            c.close();
        }
        try {
            down.join(drainMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!down.isAlive()) {
                c.dispose();
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return new long[] {toServer, fromServer.get()};
    }
}
