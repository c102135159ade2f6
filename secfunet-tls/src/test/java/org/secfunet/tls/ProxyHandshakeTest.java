package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** The I/O-free driver of the card's proxy handshake, moved by hand over a socket to a JSSE server. */
class ProxyHandshakeTest {
    @TempDir
    Path dir;

    /**
     * Runs {@code h} over {@code s}, giving the driver the server's bytes {@code chunk} at a time, so
     * records arrive in pieces: what is left in the returned buffer (read mode) follows the handshake.
     */
    static ByteBuffer drive(ProxyHandshake h, Socket s, int chunk) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        out.write(h.start());
        ByteBuffer net = ByteBuffer.allocate(128 * 1024);
        byte[] piece = new byte[chunk];
        for (int guard = 0; !h.done(); guard++) {
            assertThat(guard).as("bounded").isLessThan(100_000);
            net.flip();
            h.receive(net);
            net.compact();
            if (h.needsCard()) {
                out.write(h.step());
                continue;
            }
            int n = in.read(piece);
            if (n < 0) {
                throw new IOException("server closed");
            }
            net.put(piece, 0, n);
        }
        return net.flip();
    }

    @ParameterizedTest(name = "TLS {0}, {1}, {2}-byte pieces")
    @CsvSource({"TLSv1.3, EC_P256, 7", "TLSv1.2, EC_P256, 4096", "TLSv1.3, RSA_2048, 100000", "TLSv1.2, RSA_2048, 1"})
    void aHandshakeFedInPiecesEndsWithTheKeys(String protocol, ThrowawayPki.KeyType type, int chunk) throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(type);
        Path store = TestCards.personalized(dir, pki, pki);
        try (JsseScriptServer server = new JsseScriptServer(pki, protocol, c -> c.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII)));
             EapSmartcard card = TestCards.open(store, false);
             Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            card.verifyPin(TestCards.PIN.clone());
            ProxyHandshake h = new ProxyHandshake(card, "web", "", Instant.now());
            assertThat(h.state()).isEqualTo(ProxyHandshake.State.NEW);
            ByteBuffer rest = drive(h, s, chunk);
            ProxyHandshake.Result r = h.result();
            assertThat(r.version()).isEqualTo(protocol);
            assertThat(r.serverSubject()).isEqualTo("CN=localhost");
            assertThat(r.applicationProtocol()).as("none offered").isEmpty();
            assertThat(r.peerCertificates()).as("the server's chain").isNotEmpty();
            assertThat(r.rounds()).isBetween(2, ProxyHandshake.MAX_ROUNDS);
            assertThat(server.peer.get(20, TimeUnit.SECONDS)).contains("CN=card@test.local");
            RecordEngine records = new RecordEngine(r.keys());
            ByteBuffer app = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
            RecordEngineTest.readInto(records, s, rest, app, 3);
            assertThat(StandardCharsets.US_ASCII.decode(app.flip()).toString()).isEqualTo("hi\n");
        }
    }

    @Test
    void theServersBytesAreCheckedAsTheyArrive() throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        try (EapSmartcard card = TestCards.open(store, false)) {
            card.verifyPin(TestCards.PIN.clone());
            assertThatThrownBy(() -> started(card).receive(hex("15 0303 0002 0228")))
                    .isInstanceOf(TlsAlertException.class).hasMessage("the server refused the handshake: alert handshake_failure");
            assertThatThrownBy(() -> started(card).receive(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII))))
                    .hasMessageContaining("not TLS");
            assertThatThrownBy(() -> started(card).receive(hex("16 0303 FFFF"))).isInstanceOf(TlsAlertException.class)
                    .hasMessageContaining("record of 65535 bytes");
            ProxyHandshake h = started(card);
            ByteBuffer partial = hex("16 0303 0010 0102");
            assertThat(h.receive(partial)).as("an incomplete record stays in the buffer").isZero();
            assertThat(partial.remaining()).isEqualTo(7);
            assertThat(h.needsCard()).isFalse();
            assertThatThrownBy(h::step).isInstanceOf(IllegalStateException.class);
            ProxyHandshake failed = started(card);
            assertThatThrownBy(() -> failed.receive(hex("15 0303 0002 0228"))).isInstanceOf(TlsAlertException.class);
            assertThat(failed.state()).isEqualTo(ProxyHandshake.State.FAILED);
            assertThatThrownBy(() -> failed.receive(hex("16 0303 0001 00"))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theBatchForTheCardIsCappedAndTheRestWaits() throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        try (EapSmartcard card = TestCards.open(store, false)) {
            card.verifyPin(TestCards.PIN.clone());
            ProxyHandshake h = started(card);
            ByteBuffer records = ByteBuffer.allocate(5 * (5 + 16_000));
            for (int i = 0; i < 5; i++) {
                records.put(new byte[] {22, 3, 3, (byte) (16_000 >> 8), (byte) 16_000}).put(new byte[16_000]);
            }
            records.flip();
            int taken = h.receive(records);
            assertThat(taken).isEqualTo(3 * 16_005).isLessThanOrEqualTo(CardTlsClient.MAX_BATCH);
            assertThat(records.remaining()).isEqualTo(2 * 16_005);
            assertThat(h.needsCard()).isTrue();
        }
    }

    private static ProxyHandshake started(EapSmartcard card) throws IOException {
        ProxyHandshake h = new ProxyHandshake(card, "web", "", Instant.now());
        byte[] hello = h.start();
        assertThat(hello[0]).as("a handshake record").isEqualTo((byte) 22);
        assertThat(h.state()).isEqualTo(ProxyHandshake.State.NEED_SERVER);
        return h;
    }

    static ByteBuffer hex(String s) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(s.replace(" ", "")));
    }
}
