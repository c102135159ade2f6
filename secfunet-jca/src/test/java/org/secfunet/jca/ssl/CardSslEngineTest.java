package org.secfunet.jca.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** The SSLEngine driven by hand over a socket, as HttpClient and Netty drive it: statuses, tasks, closing, the deadline. */
class CardSslEngineTest {
    private final ExecutorService tasks = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        tasks.shutdownNow();
    }

    /** Moves an engine's bytes over a socket. */
    private final class Pipe {
        final SSLEngine engine;
        final Socket socket;
        final ByteBuffer netIn;
        final ByteBuffer netOut;
        final List<HandshakeStatus> seen = new ArrayList<>();

        Pipe(SSLEngine engine, Socket socket) {
            this.engine = engine;
            this.socket = socket;
            this.netIn = ByteBuffer.allocate(2 * engine.getSession().getPacketBufferSize());
            this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }

        void handshake() throws Exception {
            engine.beginHandshake();
            ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            for (int guard = 0; guard < 10_000; guard++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                seen.add(hs);
                SSLEngineResult r = null;
                switch (hs) {
                    case NEED_TASK -> {
                        for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                            tasks.submit(t).get(30, TimeUnit.SECONDS); // on another thread, as HttpClient's executor
                        }
                    }
                    case NEED_WRAP -> r = wrap(ByteBuffer.allocate(0));
                    case NEED_UNWRAP -> r = unwrap(app);
                    default -> {
                        return;
                    }
                }
                if (r != null && r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    seen.add(HandshakeStatus.FINISHED);
                    return;
                }
            }
            throw new AssertionError("handshake did not end: " + seen);
        }

        SSLEngineResult wrap(ByteBuffer app) throws IOException {
            netOut.clear();
            SSLEngineResult r = engine.wrap(app, netOut);
            socket.getOutputStream().write(netOut.array(), 0, netOut.position());
            return r;
        }

        /** One unwrap, reading from the socket first when the engine has too little. */
        SSLEngineResult unwrap(ByteBuffer app) throws IOException {
            netIn.flip();
            SSLEngineResult r = engine.unwrap(netIn, app);
            netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                int n = socket.getInputStream().read(netIn.array(), netIn.position(), netIn.remaining());
                if (n < 0) {
                    throw new IOException("server closed");
                }
                netIn.position(netIn.position() + n);
            }
            return r;
        }

        String exchange(String line) throws IOException {
            SSLEngineResult w = wrap(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(w.getStatus()).isEqualTo(SSLEngineResult.Status.OK);
            ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            for (int guard = 0; guard < 10_000; guard++) {
                unwrap(app);
                if (app.position() > 0 && app.get(app.position() - 1) == '\n') {
                    return new String(app.array(), 0, app.position() - 1, StandardCharsets.UTF_8);
                }
            }
            throw new AssertionError("no answer");
        }
    }

    @Test
    void aHandshakeGoesThroughTasksWrapsAndUnwrapsToFinished() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, pki, "henry") + ";pin=pass:1234"));
        try (EchoTlsServer server = new EchoTlsServer(pki, "TLSv1.2"); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            SSLEngine e = ctx.createSSLEngine("ignored.example", server.port());
            SSLParameters p = e.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("echo.test")));
            p.setProtocols(new String[] {"TLSv1.2"});
            p.setCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"});
            e.setSSLParameters(p);
            assertThat(e.getUseClientMode()).isTrue();
            assertThat(e.getHandshakeStatus()).isEqualTo(HandshakeStatus.NOT_HANDSHAKING);
            Pipe pipe = new Pipe(e, s);
            pipe.handshake();
            assertThat(pipe.seen).startsWith(HandshakeStatus.NEED_TASK, HandshakeStatus.NEED_WRAP, HandshakeStatus.NEED_UNWRAP)
                    .endsWith(HandshakeStatus.FINISHED).contains(HandshakeStatus.NEED_TASK);
            assertThat(e.getHandshakeStatus()).isEqualTo(HandshakeStatus.NOT_HANDSHAKING);
            assertThat(e.getApplicationProtocol()).isEmpty();
            assertThat(e.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(e.getSession().getCipherSuite()).as("the only suite given that the card knows").isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(server.sni).containsExactly("echo.test");
            assertThat(pipe.exchange("ping")).isEqualTo("ping [CN=henry] TLSv1.2");
            e.closeOutbound();
            assertThat(e.getHandshakeStatus()).isEqualTo(HandshakeStatus.NEED_WRAP);
            SSLEngineResult r = pipe.wrap(ByteBuffer.allocate(0));
            assertThat(r.getStatus()).isEqualTo(SSLEngineResult.Status.CLOSED);
            assertThat(r.bytesProduced()).as("close_notify").isPositive();
            assertThat(e.isOutboundDone()).isTrue();
        }
    }

    @Test
    void serverModeIsRefusedClearly() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, pki, "ivy") + ";pin=pass:1234"));
        assertThatThrownBy(() -> ctx.createSSLEngine().setUseClientMode(false)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("TLS clients only");
        assertThatThrownBy(ctx::getServerSocketFactory).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSilentServerFailsTheHandshakeAtTheDeadlineAndTheCardIsFreeAgain() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, pki, "jack") + ";pin=pass:1234;handshake-timeout=1;wait=1"));
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             Socket s = new Socket("127.0.0.1", silent.getLocalPort());
             EchoTlsServer server = new EchoTlsServer(pki);
             Socket s2 = new Socket("127.0.0.1", server.port())) {
            SSLEngine e = ctx.createSSLEngine("localhost", silent.getLocalPort());
            e.beginHandshake();
            Pipe pipe = new Pipe(e, s);
            for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
                t.run(); // leases the card and makes the ClientHello
            }
            assertThat(pipe.wrap(ByteBuffer.allocate(0)).bytesProduced()).isPositive();
            assertThat(e.getHandshakeStatus()).isEqualTo(HandshakeStatus.NEED_UNWRAP);
            Thread.sleep(1_500); // the server says nothing; the deadline passes
            assertThatThrownBy(() -> e.unwrap(ByteBuffer.allocate(0), ByteBuffer.allocate(100))).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("took longer than 1 s");
            Pipe other = new Pipe(ctx.createSSLEngine("localhost", server.port()), s2);
            s2.setSoTimeout(20_000);
            other.handshake(); // the one card was given back at the deadline
            assertThat(other.exchange("free")).isEqualTo("free [CN=jack] TLSv1.3");
        }
    }

    @Test
    void closingDuringTheHandshakeGivesTheCardBack() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, pki, "kim") + ";pin=pass:1234;wait=1"));
        try (EchoTlsServer server = new EchoTlsServer(pki); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            SSLEngine abandoned = ctx.createSSLEngine("localhost", server.port());
            abandoned.beginHandshake();
            for (Runnable t; (t = abandoned.getDelegatedTask()) != null; ) {
                t.run();
            }
            abandoned.closeOutbound();
            assertThat(abandoned.isOutboundDone()).isTrue();
            assertThat(abandoned.isInboundDone()).isTrue();
            Pipe pipe = new Pipe(ctx.createSSLEngine("localhost", server.port()), s);
            pipe.handshake();
            assertThat(pipe.exchange("next")).isEqualTo("next [CN=kim] TLSv1.3");
            assertThat(server.sni).as("the peer host given to createSSLEngine").containsExactly("localhost");
        }
    }
}
