package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.net.PemTls;

/** The server over loopback TLS with a JSSE client: limits, session ends, shutdown. */
@Timeout(60)
class RacsServerTest {
    @TempDir
    Path dir;
    RacsServer server;
    RacsTlsFiles tls;

    private RacsServer start(String limits) throws Exception {
        tls = new RacsTlsFiles(dir);
        tls.client("alice");
        tls.client("mallory");
        server = RacsTestGrid.startServer(dir, RacsTestGrid.serverToml("""
                [limits]
                %s
                [users]
                alice = ["se1"]
                """.formatted(limits) + RacsTestGrid.testSes(dir, "se1")));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A TLS client session to the server. */
    final class Client implements AutoCloseable {
        final SSLSocket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(String cn) throws Exception {
            socket = (SSLSocket) tls.clientContext(cn).getSocketFactory().createSocket("127.0.0.1", server.port());
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The lines of one response, BEGIN to END. */
        List<String> response() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
                if (l.equals("END")) {
                    return lines;
                }
            }
            throw new IOException("connection closed after " + lines);
        }

        List<String> run(String... lines) throws IOException {
            send("BEGIN\r\n" + String.join("\r\n", lines) + "\r\nEND\r\n");
            return response();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aSessionRunsScriptsOneAfterAnother() throws Exception {
        start("");
        try (Client c = new Client("alice")) {
            assertThat(c.run("GET-VERSION")).containsExactly("BEGIN", "+002 001 0.2", "END");
            assertThat(c.run("ECHO a APPEND", "LIST")).containsExactly("BEGIN", "+009 001 a", "+004 002 se1", "END");
            c.send("LIST\n");
            assertThat(c.response()).containsExactly("BEGIN", "-304 000 no script is open: send BEGIN first", "END");
            c.send("BEGIN x\nAPDU se1 00A404000AF053454346554E455401\nEND\n");
            assertThat(c.response()).containsExactly("BEGIN x", "+006 001 9000", "END");
            assertThat(server.activeSessions()).isEqualTo(1);
        }
    }

    @Test
    void aClientNotInUsersGetsOneLineAndIsClosed() throws Exception {
        start("");
        try (Client c = new Client("mallory")) {
            assertThat(c.in.readLine()).isEqualTo("-600 000 not authorised");
            assertThat(c.in.readLine()).isNull();
        }
    }

    @Test
    void sessionsPerClientAreCapped() throws Exception {
        start("max_sessions_per_client = 2");
        // each session is admitted by the server after its handshake: c connects once a and b have answered
        try (Client a = new Client("alice")) {
            assertThat(a.run("ECHO 1")).contains("+009 001 1");
            Client b = new Client("alice");
            assertThat(b.run("ECHO 2")).contains("+009 001 2");
            Client c = new Client("alice");
            assertThat(c.in.readLine()).isEqualTo("-900 000 too many sessions");
            assertThat(c.in.readLine()).isNull();
            a.socket.close();
            // the slot comes back once the server has seen the first session end
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.activeSessions() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (Client d = new Client("alice")) {
                assertThat(d.run("ECHO 4")).contains("+009 001 4");
            }
            b.close();
            c.close();
        }
    }

    @Test
    void aLineOverTheCapIsAnsweredAndTheConnectionClosed() throws Exception {
        start("max_line = 256");
        try (Client c = new Client("alice")) {
            c.send("BEGIN\r\nECHO " + "x".repeat(300) + "\r\n");
            assertThat(c.response()).containsExactly("BEGIN", "-900 001 line longer than 256 bytes", "END");
            assertThat(c.in.readLine()).isNull();
        }
    }

    @Test
    void aScriptOverTheLineCapIsAnsweredAndTheConnectionClosed() throws Exception {
        start("max_lines = 3");
        try (Client c = new Client("alice")) {
            c.send("BEGIN\nECHO 1\nECHO 2\nECHO 3\nEND\n");
            assertThat(c.response()).containsExactly("BEGIN", "-900 002 script longer than 3 lines", "END");
            assertThat(c.in.readLine()).isNull();
        }
    }

    @Test
    void anIdleSessionEndsAndReleasesItsSe() throws Exception {
        start("idle_seconds = 3");
        try (Client c = new Client("alice")) {
            assertThat(c.run("POWERON se1")).element(1).asString().startsWith("+008 001");
            assertThat(c.in.readLine()).isNull();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.registry().find("se1").orElseThrow().held() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the lock is released as the session ends, around the close the client saw
            }
            assertThat(server.registry().find("se1").orElseThrow().held()).isFalse();
        }
    }

    @Test
    void closingTheServerEndsSessionsAndReleasesEverySe() throws Exception {
        start("");
        try (Client c = new Client("alice")) {
            assertThat(c.run("POWERON se1")).element(1).asString().startsWith("+008 001");
            server.close();
            assertThat(server.registry().find("se1").orElseThrow().held()).isFalse();
            assertThatThrownBy(() -> {
                String l = c.in.readLine();
                if (l == null) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aConnectionThatNeverCompletesItsHandshakeIsClosed() throws Exception {
        start("handshake_seconds = 1");
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            byte[] buf = new byte[256];
            int n = 0;
            while (n >= 0) {
                n = raw.getInputStream().read(buf); // to the end of the stream (a SocketTimeoutException fails the test)
            }
            assertThat(System.nanoTime() - t0).isLessThan(8_000_000_000L);
        }
    }

    @Test
    void controlCharactersInACnAreEscapedForLogs() {
        assertThat(RacsSession.printable("a\nb\u0000")).isEqualTo("a\\x0Ab\\x00");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        start("");
        tls.strangerClient("eve");
        SSLContext other = PemTls.context(PemTls.privateKey(dir.resolve("eve.key")), PemTls.certificates(dir.resolve("eve.pem")),
                List.of(tls.pki.ca().certificate()));
        assertThatThrownBy(() -> {
            try (SSLSocket s = (SSLSocket) other.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                s.getOutputStream().write("BEGIN\nLIST\nEND\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed without a reply");
                }
            }
        }).isInstanceOf(IOException.class);
    }
}
