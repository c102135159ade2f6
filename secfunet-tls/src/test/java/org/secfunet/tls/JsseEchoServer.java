package org.secfunet.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** A multi-threaded JSSE server requiring client certificates: answers each line reversed. */
final class JsseEchoServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final Thread acceptor;

    JsseEchoServer(ThrowawayPki pki) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 64, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(true);
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    SSLSocket c = (SSLSocket) socket.accept();
                    pool.execute(() -> serve(c));
                } catch (Exception e) {
                    return;
                }
            }
        }, "jsse-echo");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void serve(SSLSocket c) {
        try (c) {
            c.setSoTimeout(20_000);
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            OutputStream o = c.getOutputStream();
            String peer = c.getSession().getPeerPrincipal().getName();
            for (String line; (line = r.readLine()) != null; ) {
                o.write((new StringBuilder(line).reverse() + " [" + peer + "]\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
        } catch (Exception ignored) {
            // client went away
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
