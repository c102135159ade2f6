package org.secfunet.jca.ssl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * A JSSE server on loopback requiring a client certificate of {@code pki}: answers each line with
 * "line [client subject]" and records the SNI names it was sent.
 */
final class EchoTlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    final Queue<String> sni = new ConcurrentLinkedQueue<>();
    final Queue<String> peers = new ConcurrentLinkedQueue<>();

    EchoTlsServer(ThrowawayPki pki, String... protocols) throws Exception {
        this(pki, new String[0], protocols);
    }

    /** A server choosing among {@code alpn} (in its own order) when the client offers ALPN. */
    static EchoTlsServer withAlpn(ThrowawayPki pki, String... alpn) throws Exception {
        return new EchoTlsServer(pki, alpn, new String[0]);
    }

    private EchoTlsServer(ThrowawayPki pki, String[] alpn, String[] protocols) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 64, InetAddress.getLoopbackAddress());
        SSLParameters p = socket.getSSLParameters();
        p.setNeedClientAuth(true);
        if (protocols.length > 0) {
            p.setProtocols(protocols);
        }
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        p.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                sni.add(((SNIHostName) new SNIHostName(name.getEncoded())).getAsciiName());
                return true;
            }
        }));
        socket.setSSLParameters(p);
        Thread.ofPlatform().daemon().name("echo-tls").start(() -> {
            while (!socket.isClosed()) {
                try {
                    SSLSocket c = (SSLSocket) socket.accept();
                    pool.execute(() -> serve(c));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(SSLSocket c) {
        try (c) {
            c.setSoTimeout(30_000);
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            OutputStream o = c.getOutputStream();
            String peer = c.getSession().getPeerPrincipal().getName();
            peers.add(peer);
            for (String line; (line = r.readLine()) != null; ) {
                o.write((line + " [" + peer + "] " + c.getSession().getProtocol() + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
        } catch (Exception ignored) {
            // the client went away
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
