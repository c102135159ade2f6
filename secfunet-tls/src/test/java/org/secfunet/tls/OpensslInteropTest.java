package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** The card's handshake against a real `openssl s_server -Verify 1`, the host carrying the records after it. */
class OpensslInteropTest {
    private static final Map<ThrowawayPki.KeyType, ThrowawayPki> PKIS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    static ThrowawayPki pki(ThrowawayPki.KeyType t) {
        return PKIS.computeIfAbsent(t, k -> ThrowawayPki.create("s_scard test CA " + k, k, Duration.ofDays(2)));
    }

    @ParameterizedTest(name = "TLS {0}, {1}, extended {2}")
    @CsvSource({"1.2, EC_P256, false", "1.3, EC_P256, true", "1.2, RSA_2048, true", "1.3, RSA_2048, false"})
    void dataFlowsBothWaysAndTheServerSeesTheCardsCertificate(String version, ThrowawayPki.KeyType type, boolean extended) throws Exception {
        ThrowawayPki pki = pki(type);
        Path store = TestCards.personalized(dir, pki, pki);
        try (OpensslServer server = OpensslServer.start(dir, pki, pki, version, true);
             EapSmartcard card = TestCards.open(store, extended);
             Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setTcpNoDelay(true);
            card.verifyPin(TestCards.PIN);
            CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now());
            assertThat(h.version()).isEqualTo("TLSv" + version);
            assertThat(h.serverSubject()).isEqualTo("CN=localhost");
            TlsConnection c = h.connection();
            c.getOutputStream().write("hello secfunet\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(r.readLine()).isEqualTo("tenufces olleh");
            c.close();
            assertThat(server.awaitPrinted("card@test.local", java.time.Duration.ofSeconds(5))).as("s_server output: %s", server.output).isTrue();
        }
    }

    @Test
    void theHostMayNarrowTheCardsTrustButNeverWidenIt() throws Exception {
        ThrowawayPki pki = pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        String own = org.secfunet.apdu.Hex.encode(java.security.MessageDigest.getInstance("SHA-256").digest(pki.ca().certificate().getEncoded()));
        String foreign = org.secfunet.apdu.Hex.encode(java.security.MessageDigest.getInstance("SHA-256")
                .digest(ThrowawayPki.create("x", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1)).ca().certificate().getEncoded()));
        withSession(dir, pki, pki, "1.3", true, store, true, (server, card, socket) -> {
            assertThatThrownBy(() -> card.setIdentityForTlsProxy("web", "cas=" + foreign))
                    .hasMessageContaining("the card does not trust a CA given for this session");
            TlsConnection c = CardTlsClient.connect(card, "web", "cas=" + own, socket.getInputStream(), socket.getOutputStream(), Instant.now(), m -> { })
                    .connection();
            c.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII)).readLine()).isEqualTo("ko");
            c.dispose();
        });
    }

    @Test
    void aKeyUpdateFromTheServerIsFollowed() throws Exception {
        ThrowawayPki pki = pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        withSession(dir, pki, pki, "1.3", false, store, true, (server, card, socket) -> {
            TlsConnection c = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now()).connection();
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            server.typeOnConsole("before\n");
            assertThat(r.readLine()).isEqualTo("before");
            server.typeOnConsole("K\n"); // KeyUpdate with update_requested
            // s_server takes one console read per command and drops the rest of that read: type the next line only once
            // it has taken "K", which it has when it shows data sent after it (it serves the console before the socket)
            c.getOutputStream().write("sync\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(server.awaitPrinted("sync", java.time.Duration.ofSeconds(10))).as("%s", server.output).isTrue();
            server.typeOnConsole("after\n");
            assertThat(r.readLine()).isEqualTo("after");
            assertThat(c.keyUpdatesReceived()).isEqualTo(1);
            c.getOutputStream().write("client after update\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(server.awaitPrinted("client after update", java.time.Duration.ofSeconds(5))).as("%s", server.output).isTrue();
            c.close();
        });
    }

    @Test
    void aServerThatRejectsTheCardAndACardThatRejectsTheServerEndClearly() throws Exception {
        ThrowawayPki pki = pki(ThrowawayPki.KeyType.EC_P256);
        ThrowawayPki other = ThrowawayPki.create("unrelated CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        // the server trusts another CA: it rejects the card's certificate
        Path store = TestCards.personalized(dir, pki, pki);
        withSession(dir, pki, other, "1.2", true, store, false, (server, card, socket) ->
                assertThatThrownBy(() -> CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now()))
                        .isInstanceOf(TlsAlertException.class).hasMessageContaining("the server refused the handshake: alert"));
        // the card trusts another CA: it rejects the server's certificate
        Path dir2 = java.nio.file.Files.createDirectories(dir.resolve("2"));
        Path store2 = TestCards.personalized(dir2, pki, other);
        withSession(dir2, pki, pki, "1.3", true, store2, false, (server, card, socket) ->
                assertThatThrownBy(() -> CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now()))
                        .isInstanceOf(TlsAlertException.class)
                        .hasMessageContaining("the card ended the handshake: TLS handshake failed: bad_certificate(42); peer certificate rejected"));
    }

    /** What a test does while the server, the card and the socket between them are open. */
    interface OnSession {
        void run(OpensslServer server, EapSmartcard card, Socket socket) throws Exception;
    }

    /**
     * An `openssl s_server` with {@code pki}'s server key, trusting client certificates of {@code clientCa}; the card
     * of {@code store} with its PIN verified; a socket to the server that gives up reading after 10 s.
     */
    private static void withSession(Path dir, ThrowawayPki pki, ThrowawayPki clientCa, String version, boolean rev,
                                    Path store, boolean extended, OnSession body) throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, pki, clientCa, version, rev);
             EapSmartcard card = TestCards.open(store, extended);
             Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(10_000);
            card.verifyPin(TestCards.PIN);
            body.run(server, card, socket);
        }
    }
}
