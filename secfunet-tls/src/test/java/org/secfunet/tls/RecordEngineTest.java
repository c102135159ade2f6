package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** The buffer-based record layer after the card's handshake, against a JSSE server. */
class RecordEngineTest {
    @TempDir
    Path dir;

    /** Opens records from {@code net} (read mode), reading more from {@code s} when short, until {@code app} holds {@code atLeast} bytes. */
    static void readInto(RecordEngine records, Socket s, ByteBuffer net, ByteBuffer app, int atLeast) throws IOException {
        byte[] piece = new byte[4096];
        for (int guard = 0; app.position() < atLeast; guard++) {
            assertThat(guard).as("bounded").isLessThan(100_000);
            RecordEngine.Result r = records.open(net, app);
            if (r.status() == RecordEngine.Status.CLOSED) {
                return;
            }
            if (r.status() == RecordEngine.Status.BUFFER_UNDERFLOW) {
                int n = s.getInputStream().read(piece);
                if (n < 0) {
                    throw new IOException("server closed");
                }
                net.compact().put(piece, 0, n).flip();
            }
        }
    }

    /** Seals {@code data} (possibly empty: only what the layer must send) and writes it. */
    static void send(RecordEngine records, Socket s, byte[] data) throws IOException {
        ByteBuffer app = ByteBuffer.wrap(data);
        ByteBuffer net = ByteBuffer.allocate(4 * RecordEngine.MAX_RECORD);
        OutputStream out = s.getOutputStream();
        do {
            net.clear();
            records.seal(app, net);
            out.write(net.array(), 0, net.position());
        } while (app.hasRemaining());
        out.flush();
    }

    /** A finished card handshake with a scripted JSSE server. */
    private record Session(JsseScriptServer server, EapSmartcard card, Socket socket, RecordEngine records, ByteBuffer net) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            socket.close();
            card.close();
            server.close();
        }
    }

    private Session session(String protocol, JsseScriptServer.Script script) throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        JsseScriptServer server = new JsseScriptServer(pki, protocol, script);
        EapSmartcard card = TestCards.open(store, true);
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(20_000);
        card.verifyPin(TestCards.PIN.clone());
        ProxyHandshake h = new ProxyHandshake(card, "web", "", Instant.now());
        ByteBuffer rest = ProxyHandshakeTest.drive(h, s, 16 * 1024);
        ByteBuffer net = ByteBuffer.allocate(4 * RecordEngine.MAX_RECORD).put(rest).flip();
        return new Session(server, card, s, new RecordEngine(h.result().keys()), net);
    }

    private static void echo(SSLSocket c, int bytes) throws IOException {
        byte[] buf = new byte[5000];
        for (int total = 0, n; total < bytes && (n = c.getInputStream().read(buf)) > 0; total += n) {
            c.getOutputStream().write(buf, 0, n);
            c.getOutputStream().flush();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void manyRecordsEachWayArriveWhateverTheirPieces(String protocol) throws Exception {
        int bytes = 3 * RecordEngine.MAX_PLAINTEXT + 1234;
        try (Session t = session(protocol, c -> echo(c, bytes))) {
            byte[] data = new byte[bytes];
            new Random(3).nextBytes(data);
            send(t.records(), t.socket(), data);
            ByteBuffer app = ByteBuffer.allocate(bytes + RecordEngine.MAX_PLAINTEXT); // room for a record's bound (padding unknown)
            readInto(t.records(), t.socket(), t.net(), app, bytes);
            assertThat(java.util.Arrays.copyOf(app.array(), app.position())).isEqualTo(data);
        }
    }

    @Test
    void anIncompleteRecordIsUnderflowAndASmallDestinationOverflowWithNothingTaken() throws Exception {
        try (Session t = session("TLSv1.2", c -> {
            for (int i = 0; i < 2; i++) {
                c.getInputStream().read(); // the server speaks when told, so no record comes with its Finished
                c.getOutputStream().write(new byte[100]);
                c.getOutputStream().flush();
            }
        })) {
            t.socket().getOutputStream().write(send1(t.records()));
            ByteBuffer net = ByteBuffer.allocate(RecordEngine.MAX_RECORD).put(t.net()); // write mode
            ByteBuffer app = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
            int underflows = 0;
            while (app.position() < 100) { // the server's bytes one at a time
                int b = t.socket().getInputStream().read();
                assertThat(b).isNotNegative();
                net.put((byte) b).flip();
                RecordEngine.Result r = t.records().open(net, app);
                if (r.status() == RecordEngine.Status.BUFFER_UNDERFLOW) {
                    underflows++;
                    assertThat(r.consumed()).isZero();
                    assertThat(net.position()).as("nothing taken").isZero();
                } else {
                    assertThat(r.status()).isEqualTo(RecordEngine.Status.OK);
                }
                net.compact();
            }
            assertThat(underflows).isGreaterThan(100);
            t.socket().getOutputStream().write(send1(t.records()));
            ByteBuffer small = ByteBuffer.allocate(10);
            byte[] piece = new byte[1000];
            RecordEngine.Result r;
            do {
                int n = t.socket().getInputStream().read(piece);
                assertThat(n).isPositive();
                net.put(piece, 0, n).flip();
                r = t.records().open(net, small);
                net.compact();
            } while (r.status() == RecordEngine.Status.BUFFER_UNDERFLOW);
            assertThat(r).isEqualTo(new RecordEngine.Result(RecordEngine.Status.BUFFER_OVERFLOW, 0, 0));
            app.clear();
            net.flip();
            r = t.records().open(net, app);
            assertThat(r.status()).isEqualTo(RecordEngine.Status.OK);
            assertThat(r.produced()).isEqualTo(100);
            assertThat(t.records().seal(ByteBuffer.wrap(new byte[50]), ByteBuffer.allocate(40)))
                    .isEqualTo(new RecordEngine.Result(RecordEngine.Status.BUFFER_OVERFLOW, 0, 0));
            r = t.records().seal(ByteBuffer.wrap(new byte[50]), ByteBuffer.allocate(200));
            assertThat(r.consumed()).isEqualTo(50);
            assertThat(r.produced() - 50).as("header, explicit nonce (GCM), tag").isIn(5 + 16, 5 + 8 + 16);
        }
    }

    private static byte[] send1(RecordEngine records) throws IOException {
        ByteBuffer net = ByteBuffer.allocate(100);
        records.seal(ByteBuffer.wrap(new byte[] {1}), net);
        return java.util.Arrays.copyOf(net.array(), net.position());
    }

    @Test
    void aKeyUpdateFromTheServerIsFollowedAndAnsweredOnTheNextSeal() throws Exception {
        try (Session t = session("TLSv1.3", c -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            r.readLine();
            c.startHandshake(); // JSSE's TLS 1.3 KeyUpdate, update_requested
            c.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            c.getOutputStream().write((r.readLine() + " seen\n").getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
        })) {
            send(t.records(), t.socket(), "before\n".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer app = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
            readInto(t.records(), t.socket(), t.net(), app, 6);
            assertThat(StandardCharsets.US_ASCII.decode(app.flip()).toString()).isEqualTo("after\n");
            assertThat(t.records().keyUpdatesReceived()).isEqualTo(1);
            assertThat(t.records().hasOutput()).as("the KeyUpdate answer waits").isTrue();
            send(t.records(), t.socket(), "new keys\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(t.records().hasOutput()).isFalse();
            app.clear();
            readInto(t.records(), t.socket(), t.net(), app, 14);
            assertThat(StandardCharsets.US_ASCII.decode(app.flip()).toString()).isEqualTo("new keys seen\n");
        }
    }

    @Test
    void ourOwnKeyUpdateAndCloseNotifyBothWays() throws Exception {
        try (Session t = session("TLSv1.3", c -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            c.getOutputStream().write((r.readLine() + "!\n").getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            if (r.readLine() != null) {
                throw new IllegalStateException("no close_notify");
            }
            c.close();
        })) {
            t.records().updateKeys(true);
            assertThat(t.records().hasOutput()).isTrue();
            send(t.records(), t.socket(), "rekeyed\n".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer app = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
            readInto(t.records(), t.socket(), t.net(), app, 9);
            assertThat(StandardCharsets.US_ASCII.decode(app.flip()).toString()).isEqualTo("rekeyed!\n");
            t.records().closeOutbound();
            ByteBuffer net = ByteBuffer.allocate(100);
            RecordEngine.Result r = t.records().seal(ByteBuffer.wrap(new byte[10]), net);
            assertThat(r.status()).isEqualTo(RecordEngine.Status.CLOSED);
            assertThat(r.consumed()).isZero();
            assertThat(r.produced()).as("close_notify").isEqualTo(5 + 2 + 1 + 16);
            assertThat(t.records().outboundDone()).isTrue();
            t.socket().getOutputStream().write(net.array(), 0, net.position());
            t.server().awaitScript();
            app.clear();
            readInto(t.records(), t.socket(), t.net(), app, 1);
            assertThat(t.records().inboundDone()).as("the server's close_notify").isTrue();
            assertThat(t.records().open(t.net(), app).status()).isEqualTo(RecordEngine.Status.CLOSED);
        }
    }

    @Test
    void anOversizedRecordIsRefusedWithAFatalAlert() throws Exception {
        try (Session t = session("TLSv1.3", c -> c.getInputStream().read())) {
            ByteBuffer big = ByteBuffer.wrap(new byte[] {23, 3, 3, (byte) (20_000 >> 8), (byte) 20_000});
            assertThatThrownBy(() -> t.records().open(big, ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT)))
                    .isInstanceOf(TlsAlertException.class).hasMessageContaining("record of 20000 bytes")
                    .satisfies(e -> assertThat(((TlsAlertException) e).description()).isEqualTo(AlertDescription.record_overflow));
            assertThat(t.records().inboundDone()).isTrue();
            assertThat(t.records().hasOutput()).isTrue();
            ByteBuffer net = ByteBuffer.allocate(100);
            assertThat(t.records().seal(ByteBuffer.wrap(new byte[10]), net).status()).isEqualTo(RecordEngine.Status.CLOSED);
            assertThat(net.position()).as("the alert").isEqualTo(24);
        }
    }

    @Test
    void tls12RenegotiationIsRefusedOnce() throws Exception {
        try (Session t = session("TLSv1.2", c -> {
            c.getInputStream().read();
            try {
                c.startHandshake(); // HelloRequest
                c.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
                c.getInputStream().read();
            } catch (IOException ignored) {
                // JSSE may end the connection on our refusal
            }
        })) {
            send(t.records(), t.socket(), "go".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer app = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT);
            for (int guard = 0; !t.records().hasOutput(); guard++) {
                assertThat(guard).isLessThan(1000);
                RecordEngine.Result r = t.records().open(t.net(), app);
                if (r.status() == RecordEngine.Status.BUFFER_UNDERFLOW) {
                    byte[] piece = new byte[4096];
                    int n = t.socket().getInputStream().read(piece);
                    assertThat(n).isPositive();
                    t.net().compact().put(piece, 0, n).flip();
                }
            }
            ByteBuffer net = ByteBuffer.allocate(100);
            t.records().seal(ByteBuffer.allocate(0), net);
            assertThat(net.position()).as("the no_renegotiation warning").isEqualTo(5 + 8 + 2 + 16);
        }
    }
}
