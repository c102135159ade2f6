package org.secfunet.tls.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A small TLS server on loopback that requires a client certificate (JSSE): it answers each line
 * with "echo: LINE (client SUBJECT)". For the demo and benchmarks; started and stopped by its owner.
 */
public final class EmbeddedTlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "secfunet-demo-server");
        t.setDaemon(true);
        return t;
    });

    public EmbeddedTlsServer(PrivateKey key, X509Certificate cert, X509Certificate clientCa) throws Exception {
        SSLContext ctx = JsseContexts.of(key, cert, clientCa);
        socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(true);
        Thread acceptor = new Thread(this::accept, "secfunet-demo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                SSLSocket c = (SSLSocket) socket.accept();
                pool.execute(() -> serve(c));
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    private static void serve(SSLSocket c) {
        try (c) {
            c.setSoTimeout(30_000);
            c.setTcpNoDelay(true);
            String peer = c.getSession().getPeerPrincipal().getName();
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            OutputStream o = c.getOutputStream();
            for (String line; (line = r.readLine()) != null; ) {
                o.write(("echo: " + line + " (client " + peer + ")\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
        } catch (java.io.IOException ignored) {
            // client gone
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws GeneralSecurityException {
        try {
            socket.close();
        } catch (java.io.IOException ignored) {
            // closing anyway
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
