package org.secfunet.grid.hypervisor;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.secfunet.tls.demo.JsseContexts;

/**
 * The VMs' target: a JSSE TLS server on loopback requiring a client certificate, which records the
 * client certificate's CN each connection presented with the first line the client sent (the VM
 * names itself there), and answers {@code ok CN}. It has two doors: the normal one, and a slow one
 * that holds each handshake after the ClientHello arrived until {@link #releaseSlow()} (at most
 * 20 s), so that a test can act in the middle of a card handshake.
 */
final class RecordingTlsServer implements AutoCloseable {
    /** What one connection presented. */
    record Use(long nanos, String vm, String cardCn) {
    }

    private final SSLSocketFactory tls;
    private final ServerSocket normal;
    private final ServerSocket slow;
    private final List<Use> uses = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch slowReached = new CountDownLatch(1);
    private volatile CountDownLatch slowRelease = new CountDownLatch(1);

    RecordingTlsServer(PrivateKey key, X509Certificate cert, X509Certificate clientCa) throws Exception {
        SSLContext ctx = JsseContexts.of(key, cert, clientCa);
        tls = ctx.getSocketFactory();
        normal = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        slow = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon(true).name("target-accept").start(() -> accept(normal, false));
        Thread.ofPlatform().daemon(true).name("target-accept-slow").start(() -> accept(slow, true));
    }

    int port() {
        return normal.getLocalPort();
    }

    int slowPort() {
        return slow.getLocalPort();
    }

    List<Use> uses() {
        return List.copyOf(uses);
    }

    /** Arms the slow door again: the next handshakes there wait for a new {@link #releaseSlow()}. Returns the latch counted down when one arrives. */
    CountDownLatch armSlow() {
        slowRelease = new CountDownLatch(1);
        slowReached = new CountDownLatch(1);
        return slowReached;
    }

    void releaseSlow() {
        slowRelease.countDown();
    }

    private void accept(ServerSocket ss, boolean held) {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                Thread.ofVirtual().start(() -> serve(s, held));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket raw, boolean held) {
        try (raw) {
            raw.setSoTimeout(20_000);
            InputStream consumed = null;
            if (held) {
                int first = raw.getInputStream().read(); // the ClientHello's first byte: the card has started the handshake
                if (first < 0) {
                    return; // the hypervisor gave up before the handshake
                }
                consumed = new ByteArrayInputStream(new byte[] {(byte) first});
                slowReached.countDown();
                if (!slowRelease.await(20, TimeUnit.SECONDS)) {
                    return;
                }
            }
            try (SSLSocket c = (SSLSocket) tls.createSocket(raw, consumed, true)) {
                c.setUseClientMode(false);
                c.setNeedClientAuth(true);
                c.startHandshake();
                String cn = cn(((X509Certificate) c.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName());
                BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                String vm = r.readLine();
                uses.add(new Use(System.nanoTime(), vm, cn));
                OutputStream o = c.getOutputStream();
                o.write(("ok " + cn + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
        } catch (IOException e) {
            // the client went away (a fault under test)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a malformed subject: not recorded
        }
    }

    static String cn(String dn) throws Exception {
        for (Rdn rdn : new LdapName(dn).getRdns()) {
            if (rdn.getType().equalsIgnoreCase("CN")) {
                return rdn.getValue().toString();
            }
        }
        return dn;
    }

    @Override
    public void close() throws IOException {
        slowRelease.countDown();
        normal.close();
        slow.close();
    }
}
