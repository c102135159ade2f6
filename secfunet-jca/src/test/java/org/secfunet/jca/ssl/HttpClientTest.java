package org.secfunet.jca.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;

/**
 * {@code java.net.http.HttpClient} with {@code SSLContext.getInstance("SecFuNet")} (its SSLEngine,
 * the handshake in a software card) against the JDK's {@code HttpsServer} requiring a client
 * certificate, which answers with the subject and protocol it saw.
 */
class HttpClientTest {
    @TempDir
    Path dir;

    private static HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(20)).build();
    }

    private static HttpResponse<String> get(HttpClient c, URI uri) throws Exception {
        return c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"TLSv1.3, EC_P256", "TLSv1.2, EC_P256", "TLSv1.3, RSA_2048", "TLSv1.2, RSA_2048"})
    void theServerSeesTheCardsCertificate(String protocol, ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = Fixtures.pki(type);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "alice") + ";pin=pass:1234");
        try (HttpsTestServer server = new HttpsTestServer(pki, protocol); HttpClient c = client(Fixtures.context(p))) {
            HttpResponse<String> r = get(c, server.uri());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("CN=alice " + protocol);
            assertThat(r.version()).as("the server chose no ALPN protocol: HTTP/1.1").isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(server.sni).as("SNI reached the server").containsExactly("localhost");
            assertThat(r.sslSession()).hasValueSatisfying(s -> {
                assertThat(s.getProtocol()).isEqualTo(protocol);
                assertThat(s.getCipherSuite()).startsWith("TLS_");
                try {
                    assertThat(s.getPeerPrincipal().getName()).isEqualTo("CN=localhost");
                    assertThat(s.getPeerCertificates()).isNotEmpty();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(get(c, server.uri()).body()).as("a second request on the kept connection").isEqualTo("CN=alice " + protocol);
        }
    }

    @Test
    void sixteenConcurrentHandshakesSpreadOverTwoCards() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        Path a = java.nio.file.Files.createDirectories(dir.resolve("a"));
        Path b = java.nio.file.Files.createDirectories(dir.resolve("b"));
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(a, pki, "card-a") + ";" + Fixtures.card(b, pki, "card-b") + ";pin=pass:1234");
        SSLContext ctx = Fixtures.context(p);
        try (HttpsTestServer server = new HttpsTestServer(pki, null)) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            List<HttpClient> clients = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                HttpClient c = client(ctx); // one client each: every request is a new connection and handshake
                clients.add(c);
                all.add(c.sendAsync(HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<String> bodies = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                bodies.add(r.body());
            }
            assertThat(bodies).hasSize(16).allMatch(s -> s.startsWith("CN=card-a ") || s.startsWith("CN=card-b "));
            assertThat(bodies).as("both cards used").anyMatch(s -> s.startsWith("CN=card-a ")).anyMatch(s -> s.startsWith("CN=card-b "));
            clients.forEach(HttpClient::close);
        }
    }

    @Test
    void aWrongPinFailsTheHandshakeNamingTheTriesLeft() throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "bob") + ";pin=pass:0000");
        try (HttpsTestServer server = new HttpsTestServer(pki, null); HttpClient c = client(Fixtures.context(p))) {
            assertThatThrownBy(() -> get(c, server.uri()))
                    .satisfies(e -> assertThat(causes(e)).anySatisfy(x -> {
                        assertThat(x).isInstanceOf(SSLHandshakeException.class);
                        assertThat(x.getMessage()).contains("wrong PIN for the card in reader vcard:").contains("2 tries left").doesNotContain("0000");
                    }));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.2", "TLSv1.3"})
    void aServerThatRejectsTheCardIsNamed(String protocol) throws Exception {
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        ThrowawayPki other = ThrowawayPki.create("unrelated client CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        String card = Fixtures.card(dir, other, "paul");
        try (org.secfunet.pcsc.eapcard.EapSmartcard c = org.secfunet.tls.TestCards.open(dir.resolve("paul.sfn"), false)) {
            c.verifyPuk(org.secfunet.tls.TestCards.PUK);
            c.addCa(pki.ca().certificate().getEncoded()); // the card trusts the server; the server not the card
        }
        SecFuNetProvider p = Fixtures.provider(card + ";pin=pass:1234");
        try (HttpsTestServer server = new HttpsTestServer(pki, protocol); HttpClient c = client(Fixtures.context(p))) {
            if (protocol.equals("TLSv1.2")) {
                assertThatThrownBy(() -> get(c, server.uri()))
                        .satisfies(e -> assertThat(causes(e)).anySatisfy(x -> assertThat(x.getMessage()).containsPattern(
                                "the server refused the handshake: alert (bad_certificate|certificate_unknown|unknown_ca)")));
            } else {
                // TLS 1.3: the client's handshake is over when the server judges its certificate; the server's alert
                // may be lost to the TCP reset that follows its close (JSSE clients see the same), so only the failure is sure
                assertThatThrownBy(() -> get(c, server.uri())).isInstanceOf(java.io.IOException.class);
            }
        }
    }

    static List<Throwable> causes(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 10; t = t.getCause()) {
            out.add(t);
        }
        return out;
    }
}
