package org.secfunet.grid.racs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.net.PemTls;
import org.secfunet.pcsc.ReaderException;

/** The RACS client against a scripted server: a reply out of step or too late makes the connection unusable for good. */
class RacsClientTest {
    @TempDir
    Path dir;

    /** A TLS server that reads one script and answers it with {@code reply}, then waits for the client to leave. */
    private Thread serveOnce(SSLServerSocket listener, String reply) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                for (String l; (l = in.readLine()) != null && !l.equals("END"); ) {
                    // the script
                }
                OutputStream out = s.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (in.readLine() != null) {
                    // until the client closes
                }
            } catch (Exception ignored) {
                // the client's assertions say what went wrong
            }
        });
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void aReplyToAnotherScriptIsRefusedAndTheConnectionIsNotReusedOrUsedAgain() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 1000, 4))) {
            SSLContext server = PemTls.context(dir.resolve("racs-server.key"), dir.resolve("racs-server.pem"), dir.resolve("grid-ca.pem"));
            SSLContext client = PemTls.context(dir.resolve("hypervisor-racs.key"), dir.resolve("hypervisor-racs.pem"), dir.resolve("grid-ca.pem"));
            try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
                listener.setNeedClientAuth(true);
                serveOnce(listener, "BEGIN 7\r\n+009 001 late\r\nEND\r\n");
                try (RacsClient c = RacsClient.connect("127.0.0.1", listener.getLocalPort(), client, 5_000)) {
                    assertThat(c.reusable()).isTrue();
                    assertThatThrownBy(() -> c.run(List.of("ECHO now"))).isInstanceOf(ReaderException.class)
                            .hasMessageContaining("answered script 7 while script 1 was waiting");
                    assertThat(c.reusable()).isFalse();
                    assertThatThrownBy(() -> c.run(List.of("ECHO again"))).hasMessageContaining("out of step");
                }
                serveOnce(listener, ""); // never answers
                try (RacsClient c = RacsClient.connect("127.0.0.1", listener.getLocalPort(), client, 300)) {
                    assertThatThrownBy(() -> c.run(List.of("ECHO now"))).hasMessageContaining("did not answer in time");
                    assertThat(c.reusable()).as("its reply may still come").isFalse();
                }
                serveOnce(listener, "BEGIN 1\r\n+009 001 now\r\nEND\r\n");
                try (RacsClient c = RacsClient.connect("127.0.0.1", listener.getLocalPort(), client, 5_000)) {
                    assertThat(c.run(List.of("ECHO now")).last().ok()).isTrue();
                    assertThat(c.reusable()).isTrue();
                }
            }
        }
    }
}
