package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * A server that speaks first (an SMTP/IMAP-style greeting written as soon as the handshake ends):
 * in TLS 1.2 its first data record can arrive with its Finished, in the flight the host reads for
 * the card; it must reach the record layer, never the card.
 */
class ServerSpeaksFirstTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void theGreetingThatCameWithTheServersFinishedIsRead(String protocol) throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("greeting CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        ThrowawayPki.Credential sc = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(sc.key(), sc.certificate(), pki.ca().certificate());
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress());
             EapSmartcard card = TestCards.open(TestCards.personalized(dir, pki, pki), false)) {
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {protocol});
            Thread t = new Thread(() -> {
                try (SSLSocket c = (SSLSocket) server.accept()) {
                    c.getOutputStream().write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII)); // handshake, then the greeting at once
                    c.getOutputStream().flush();
                    c.getInputStream().read();
                } catch (Exception ignored) {
                    // the client went away
                }
            });
            t.setDaemon(true);
            t.start();
            card.verifyPin(TestCards.PIN);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.setSoTimeout(10_000);
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", s.getInputStream(), s.getOutputStream(), Instant.now());
                assertThat(h.version()).isEqualTo(protocol);
                BufferedReader r = new BufferedReader(new InputStreamReader(h.connection().getInputStream(), StandardCharsets.US_ASCII));
                assertThat(r.readLine()).isEqualTo("220 ready");
                h.connection().dispose();
            }
        }
    }
}
