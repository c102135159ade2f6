package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * The host record layer with every suite the card negotiates, against JSSE restricted to that one
 * suite: data of several records each way, so the sequence numbers, nonces and record boundaries
 * of both ends must agree.
 */
class RecordSuitesTest {
    private static final int BYTES = 3 * RecordProtection.MAX_PLAINTEXT + 1234;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"TLSv1.3, TLS_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256", "TLSv1.3, TLS_AES_256_GCM_SHA384, TLS_AES_256_GCM_SHA384",
        "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256, TLS_CHACHA20_POLY1305_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ECDHE-ECDSA-CHACHA20-POLY1305"})
    void manyRecordsEachWayWithOneSuite(String protocol, String suite, String name) throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setEnabledCipherSuites(new String[] {suite});
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (SSLSocket c = (SSLSocket) listener.accept()) {
                    c.setSoTimeout(20_000);
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    byte[] buf = new byte[5000]; // echoed in pieces that do not match the records
                    int total = 0;
                    for (int n; total < BYTES && (n = in.read(buf)) > 0; total += n) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (Exception ignored) {
                    // the client's assertions say what went wrong
                }
            });
            byte[] data = new byte[BYTES];
            new Random(7).nextBytes(data);
            try (EapSmartcard card = TestCards.open(store, true); Socket socket = new Socket("127.0.0.1", listener.getLocalPort())) {
                socket.setSoTimeout(20_000);
                card.verifyPin(TestCards.PIN);
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now());
                assertThat(h.version()).isEqualTo(protocol);
                assertThat(h.cipherSuite()).isEqualTo(name);
                TlsConnection c = h.connection();
                c.getOutputStream().write(data);
                byte[] back = c.getInputStream().readNBytes(BYTES); // ends with a read of 0 bytes, which must not block
                assertThat(back).isEqualTo(data);
                c.close();
            }
            echo.join(Duration.ofSeconds(20));
        }
    }
}
