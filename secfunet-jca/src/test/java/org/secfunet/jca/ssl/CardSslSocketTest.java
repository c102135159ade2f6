package org.secfunet.jca.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.tls.OpensslServer;

/** Sockets of {@code SSLContext.getInstance("SecFuNet").getSocketFactory()}: a real {@code openssl s_server -Verify 1}, and a JSSE server. */
class CardSslSocketTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "TLS {0}, {1}")
    @CsvSource({"1.2, EC_P256", "1.3, EC_P256", "1.2, RSA_2048", "1.3, RSA_2048"})
    void opensslSeesTheCardsCertificateAndEchoesTheLine(String version, ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = Fixtures.pki(type);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "carol") + ";pin=pass:1234");
        SSLContext ctx = Fixtures.context(p);
        try (OpensslServer server = OpensslServer.start(dir, pki, pki, version, true);
             SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port)) {
            s.setSoTimeout(20_000);
            CompletableFuture<SSLSession> done = new CompletableFuture<>();
            s.addHandshakeCompletedListener(e -> done.complete(e.getSession()));
            OutputStream out = s.getOutputStream(); // the handshake runs on first I/O
            out.write("hello secfunet\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(r.readLine()).isEqualTo("tenufces olleh");
            SSLSession session = done.get(5, TimeUnit.SECONDS);
            assertThat(session.getProtocol()).isEqualTo("TLSv" + version);
            assertThat(session.getCipherSuite()).startsWith("TLS_");
            assertThat(session.getPeerHost()).isEqualTo("localhost");
            assertThat(session.getPeerPort()).isEqualTo(server.port);
            assertThat(session.getPeerPrincipal().getName()).isEqualTo("CN=localhost");
            assertThat(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName())
                    .as("the server's chain, exported by the card").isEqualTo("CN=localhost");
            assertThat(((X509Certificate) session.getLocalCertificates()[0]).getSubjectX500Principal().getName()).isEqualTo("CN=carol");
            assertThat(s.getApplicationProtocol()).isEmpty();
            assertThat(server.awaitPrinted("carol", Duration.ofSeconds(5))).as("s_server output: %s", server.output).isTrue();
        }
    }

    @Test
    void aLayeredSocketCarriesSniAndTheCardIsFreeRightAfterItsHandshake() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        // one card, and a lease wait of 1 s: the second handshake fails unless the first gave the card back
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "dave") + ";pin=pass:1234;wait=1");
        SSLContext ctx = Fixtures.context(p);
        try (EchoTlsServer server = new EchoTlsServer(pki);
             Socket plain = new Socket("127.0.0.1", server.port());
             SSLSocket first = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", server.port(), true);
             SSLSocket second = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
            first.setSoTimeout(20_000);
            second.setSoTimeout(20_000);
            first.startHandshake();
            second.startHandshake(); // while the first connection is open
            assertThat(line(first, "one")).isEqualTo("one [CN=dave] TLSv1.3");
            assertThat(line(second, "two")).isEqualTo("two [CN=dave] TLSv1.3");
            assertThat(line(first, "three")).isEqualTo("three [CN=dave] TLSv1.3");
            assertThat(server.sni).containsExactly("localhost", "localhost");
        }
    }

    @Test
    void underThePerOperationPolicyEachHandshakePresentsThePinAgain() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, pki, "nina") + ";pin=pass:1234;pin-policy=per-operation"));
        try (EchoTlsServer server = new EchoTlsServer(pki)) {
            for (int i = 0; i < 3; i++) { // the card is reset after each key export
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                    s.setSoTimeout(20_000);
                    assertThat(line(s, "round " + i)).isEqualTo("round " + i + " [CN=nina] TLSv1.3");
                }
            }
        }
    }

    @Test
    void aBrokenSessionIsReopenedAndARemovedCardIsNamedThenWorksAgainWhenBack() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "omar") + ";pin=pass:1234");
        SSLContext ctx = Fixtures.context(p);
        Path store = dir.resolve("omar.sfn");
        Path away = dir.resolve("omar.away");
        try (EchoTlsServer server = new EchoTlsServer(pki)) {
            assertThat(handshakeLine(ctx, server, "first")).isEqualTo("first [CN=omar] TLSv1.3");
            breakSession(p); // as when pcscd restarts: the next handshake opens a new session
            assertThat(handshakeLine(ctx, server, "reopened")).isEqualTo("reopened [CN=omar] TLSv1.3");
            breakSession(p);
            java.nio.file.Files.move(store, away); // the card is gone
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("cannot open reader vcard:").hasMessageContaining("does not exist");
            }
            java.nio.file.Files.move(away, store); // and back
            assertThat(handshakeLine(ctx, server, "back")).isEqualTo("back [CN=omar] TLSv1.3");
        }
    }

    private static void breakSession(SecFuNetProvider p) {
        try (org.secfunet.jca.card.CardLease l = p.bank().lease(org.secfunet.jca.card.PinSource.NONE)) {
            l.card().session().close();
        }
    }

    private static String handshakeLine(SSLContext ctx, EchoTlsServer server, String text) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
            s.setSoTimeout(20_000);
            return line(s, text);
        }
    }

    @Test
    void aReadTimeoutLosesNothingAndCloseSendsCloseNotify() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "erin") + ";pin=pass:1234");
        SSLContext ctx = Fixtures.context(p);
        ctx.getDefaultSSLParameters();
        try (EchoTlsServer server = new EchoTlsServer(pki, "TLSv1.2")) {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port());
            s.setSoTimeout(300);
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(20_000);
            assertThat(line(s, "after a timeout")).isEqualTo("after a timeout [CN=erin] TLSv1.2");
            s.close();
            assertThat(s.isClosed()).isTrue();
        }
    }

    @Test
    void aWrongPinIsAHandshakeExceptionNamingTheTriesLeftAndNeverThePin() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "frank") + ";pin=pass:0000");
        SSLContext ctx = Fixtures.context(p);
        try (EchoTlsServer server = new EchoTlsServer(pki)) {
            for (int i = 0; i < 2; i++) { // the second time the PIN is not presented again, and said so
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port());
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("wrong PIN for the card in reader vcard:").hasMessageContaining("2 tries left")
                        .message().doesNotContain("0000");
                assertThat(s.isClosed()).as("a failed handshake closes the socket").isTrue();
            }
        }
    }

    @Test
    void aBlockedPinAndACardWithoutIdentityAreNamed() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        String card = Fixtures.card(dir, pki, "quinn");
        try (EchoTlsServer server = new EchoTlsServer(pki)) {
            for (int i = 0; i < 3; i++) { // a wrong PIN is presented once per context: three contexts block it
                SecFuNetProvider p = Fixtures.provider(card + ";pin=pass:0000");
                try (SSLSocket s = (SSLSocket) Fixtures.context(p).getSocketFactory().createSocket("localhost", server.port())) {
                    assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                            .hasMessageContaining(i < 2 ? "wrong PIN" : "is blocked"); // the third wrong PIN blocks it
                }
                p.bank().close(); // a vcard store is open in one provider at a time
            }
            SecFuNetProvider right = Fixtures.provider(card + ";pin=pass:1234");
            try (SSLSocket s = (SSLSocket) Fixtures.context(right).getSocketFactory().createSocket("localhost", server.port())) {
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("is blocked: unblock it with 'secfunet card pin unblock'");
            }
            right.bank().close();
            try (org.secfunet.pcsc.eapcard.EapSmartcard c = org.secfunet.tls.TestCards.open(dir.resolve("quinn.sfn"), false)) {
                c.unblockPin(org.secfunet.tls.TestCards.PUK, org.secfunet.tls.TestCards.PIN);
                c.verifyPuk(org.secfunet.tls.TestCards.PUK);
                c.deleteIdentity("web");
            }
            SSLContext noIdentity = Fixtures.context(Fixtures.provider(card + ";pin=pass:1234"));
            try (SSLSocket s = (SSLSocket) noIdentity.getSocketFactory().createSocket("localhost", server.port())) {
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("has no identity");
            }
        }
    }

    @Test
    void aCardThatDistrustsTheServerEndsTheHandshakeSayingWhy() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        ThrowawayPki other = ThrowawayPki.create("unrelated", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        String card = "vcard:" + org.secfunet.tls.TestCards.personalized(dir, pki, other, "gina");
        SSLContext ctx = Fixtures.context(Fixtures.provider(card + ";pin=pass:1234"));
        try (EchoTlsServer server = new EchoTlsServer(pki);
             SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("TLS handshake with localhost:" + server.port() + " failed: the card ended the handshake")
                    .hasMessageContaining("bad_certificate");
        }
    }

    @Test
    void aServerThatRejectsTheCardIsNamedInTheException() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        ThrowawayPki other = ThrowawayPki.create("unrelated client CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, other, "mia") + ";pin=pass:1234"));
        // the card trusts the server's CA (its own PKI's CA is "other": give it the server's CA too)
        Path card = dir.resolve("mia.sfn");
        try (org.secfunet.pcsc.eapcard.EapSmartcard c = org.secfunet.tls.TestCards.open(card, false)) {
            c.verifyPuk(org.secfunet.tls.TestCards.PUK);
            c.addCa(pki.ca().certificate().getEncoded());
        }
        try (OpensslServer server = OpensslServer.start(dir, pki, pki, "1.2", true);
             SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port)) {
            s.setSoTimeout(20_000);
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("failed: the server refused the handshake: alert");
        }
    }

    @Test
    void withEndpointIdentificationTheCardChecksTheServersNameAndAlpnIsOffered() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SSLContext ctx = Fixtures.context(Fixtures.provider(Fixtures.card(dir, pki, "rita") + ";pin=pass:1234"));
        try (EchoTlsServer server = EchoTlsServer.withAlpn(pki, "http/1.1")) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                s.setSoTimeout(20_000);
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                s.setSSLParameters(p);
                assertThat(line(s, "named")).isEqualTo("named [CN=rita] TLSv1.3");
                assertThat(s.getApplicationProtocol()).as("the server's choice").isEqualTo("http/1.1");
            }
            try (Socket plain = new Socket("127.0.0.1", server.port());
                 SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "wrong.example", server.port(), true)) {
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class)
                        .hasMessageContaining("does not name wrong.example");
            }
        }
    }

    static String line(SSLSocket s, String text) throws Exception {
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        StringBuilder b = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) != '\n'; ) {
            assertThat(c).isNotNegative();
            b.append((char) c);
        }
        return b.toString();
    }
}
