package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * The card's TLS client offering ALPN and checking the server's name (the proxy options
 * {@code alpn=} and {@code host=}), and exporting what it saw (the chosen protocol, the server's
 * chain), against a JSSE server.
 */
class ProxyIdentityAndAlpnTest {
    @TempDir
    Path dir;

    private final ThrowawayPki pki = ThrowawayPki.create("alpn CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));

    /** One connection to a JSSE server that chooses "http/1.1" when offered; returns what the server saw offered. */
    private AtomicReference<List<String>> serve(SSLServerSocket server) {
        AtomicReference<List<String>> offered = new AtomicReference<>(List.of());
        Thread t = new Thread(() -> {
            try (SSLSocket c = (SSLSocket) server.accept()) {
                c.setHandshakeApplicationProtocolSelector((s, protocols) -> {
                    offered.set(protocols);
                    return protocols.contains("http/1.1") ? "http/1.1" : null;
                });
                c.startHandshake();
                c.getInputStream().read();
            } catch (Exception ignored) {
                // the client refused the handshake
            }
        });
        t.setDaemon(true);
        t.start();
        return offered;
    }

    private SSLServerSocket server() throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress());
        ss.setNeedClientAuth(true);
        return ss;
    }

    @Test
    void theCardOffersAlpnChecksTheHostAndExportsTheChosenProtocolAndTheServerChain() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        try (SSLServerSocket server = server(); EapSmartcard card = TestCards.open(store, false)) {
            AtomicReference<List<String>> offered = serve(server);
            card.verifyPin(TestCards.PIN);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", "sni=localhost;host=localhost;alpn=h2,http/1.1",
                        s.getInputStream(), s.getOutputStream(), Instant.now(), m -> { });
                assertThat(offered.get()).containsExactly("h2", "http/1.1");
                assertThat(card.applicationProtocol()).isEqualTo("http/1.1");
                List<byte[]> chain = card.peerCertificates();
                assertThat(chain).isNotEmpty();
                assertThat(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(chain.get(0))))
                        .extracting(c -> ((java.security.cert.X509Certificate) c).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
                h.connection().dispose();
            }
        }
    }

    @Test
    void noAlpnOfferedMeansNoneChosen() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        try (SSLServerSocket server = server(); EapSmartcard card = TestCards.open(store, false)) {
            serve(server);
            card.verifyPin(TestCards.PIN);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", s.getInputStream(), s.getOutputStream(), Instant.now());
                assertThat(card.applicationProtocol()).isEmpty();
                h.connection().dispose();
            }
        }
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsRefusedByTheCard() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        for (String host : List.of("other.example", "127.0.0.1")) {
            try (SSLServerSocket server = server(); EapSmartcard card = TestCards.open(store, false)) {
                serve(server);
                card.verifyPin(TestCards.PIN);
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    assertThatThrownBy(() -> CardTlsClient.connect(card, "web", "host=" + host, s.getInputStream(), s.getOutputStream(), Instant.now(), m -> { }))
                            .isInstanceOf(TlsAlertException.class).hasMessageContaining("does not name " + host);
                }
            }
        }
    }

    @Test
    void badOptionsAreRefusedByTheCard() throws Exception {
        Path store = TestCards.personalized(dir, pki, pki);
        try (EapSmartcard card = TestCards.open(store, false)) {
            card.verifyPin(TestCards.PIN);
            for (String bad : List.of("alpn=a;b", "alpn=" + "x".repeat(33), "alpn=a,b,c,d,e,f,g,h,i", "host=bad host", "alpn=")) {
                assertThatThrownBy(() -> card.setIdentityForTlsProxy("web", bad)).as(bad).hasMessageContaining("refused the TLS options");
            }
        }
    }
}
