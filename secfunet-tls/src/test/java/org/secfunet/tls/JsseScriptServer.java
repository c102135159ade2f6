package org.secfunet.tls;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * A JSSE server requiring client certificates that serves one connection with a script (read this,
 * send that, KeyUpdate, close): the far end for tests of the buffer-based handshake and record layer.
 */
final class JsseScriptServer implements AutoCloseable {
    /** What the server does with its one connection. */
    interface Script {
        void run(SSLSocket socket) throws Exception;
    }

    private final SSLServerSocket listener;
    final CompletableFuture<String> peer = new CompletableFuture<>();
    final CompletableFuture<Void> finished = new CompletableFuture<>();

    JsseScriptServer(ThrowawayPki pki, String protocol, Script script) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        listener.setEnabledProtocols(new String[] {protocol});
        Thread.ofPlatform().daemon().name("jsse-script").start(() -> {
            try (SSLSocket c = (SSLSocket) listener.accept()) {
                c.setSoTimeout(20_000);
                c.startHandshake();
                peer.complete(c.getSession().getPeerPrincipal().getName());
                script.run(c);
                finished.complete(null);
            } catch (Throwable e) {
                peer.completeExceptionally(e);
                finished.completeExceptionally(e);
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    void awaitScript() throws Exception {
        finished.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        listener.close();
    }
}
