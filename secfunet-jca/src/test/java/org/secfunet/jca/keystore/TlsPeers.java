package org.secfunet.jca.keystore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** The TLS ends of the mode 1 tests: a JSSE server demanding a client certificate, and clients over given key managers. */
final class TlsPeers {
    private TlsPeers() {
    }

    /** Trust managers (of {@code provider}, or the JDK's when null) trusting {@code pki}'s CA. */
    static TrustManager[] trusting(ThrowawayPki pki, Provider provider) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = provider == null ? TrustManagerFactory.getInstance("PKIX") : TrustManagerFactory.getInstance("PKIX", provider);
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    /** A client context of stock SunJSSE with {@code keyManagers}, trusting servers of {@code pki}. */
    static SSLContext client(KeyManager[] keyManagers, ThrowawayPki pki) throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(keyManagers, trusting(pki, null), null);
        return c;
    }

    /** One connection of a JSSE server with a certificate of {@code pki} that needs a client certificate of {@code pki}. */
    static final class Server implements AutoCloseable {
        final SSLServerSocket socket;
        final CompletableFuture<Certificate> clientCertificate = new CompletableFuture<>();
        private final Thread thread;

        Server(ThrowawayPki pki, String version) throws Exception {
            ThrowawayPki.Credential s = pki.server("localhost");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", s.key(), "pw".toCharArray(), new Certificate[] {s.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, "pw".toCharArray());
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(kmf.getKeyManagers(), trusting(pki, null), null);
            socket = (SSLServerSocket) c.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            socket.setEnabledProtocols(new String[] {"TLSv" + version});
            socket.setSoTimeout(30_000);
            thread = new Thread(this::serve, "jsse-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            try (SSLSocket s = (SSLSocket) socket.accept()) {
                s.setSoTimeout(30_000);
                s.startHandshake();
                clientCertificate.complete(s.getSession().getPeerCertificates()[0]);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                OutputStream o = s.getOutputStream();
                o.write(("echo " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
            } catch (Exception e) {
                clientCertificate.completeExceptionally(e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        Certificate awaitClientCertificate() throws Exception {
            return clientCertificate.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connects with {@code context}, says hello and returns the server's answer line; the socket's session is checked by the caller. */
    static String hello(SSLContext context, int port, String version, java.util.function.Consumer<SSLSocket> check) throws Exception {
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.setEnabledProtocols(new String[] {"TLSv" + version});
            s.startHandshake();
            check.accept(s);
            OutputStream o = s.getOutputStream();
            o.write("hello\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
