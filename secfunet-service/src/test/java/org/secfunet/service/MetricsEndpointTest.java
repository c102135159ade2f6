package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String auth, String method) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackNeedsNoTokenAndServesTheScrape() throws Exception {
        MetricsEndpoint.Settings s = MetricsEndpoint.Settings.parse("127.0.0.1:0", null, Path.of("."));
        try (MetricsEndpoint e = MetricsEndpoint.start(s, () -> "x_total 1.0\n")) {
            HttpResponse<String> r = get(e.port(), null, "GET");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("x_total 1.0\n");
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(get(e.port(), null, "POST").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aTokenIsRequiredWhenGiven() throws Exception {
        MetricsEndpoint.Settings s = MetricsEndpoint.Settings.parse("127.0.0.1:0", "pass:s3cret", Path.of("."));
        try (MetricsEndpoint e = MetricsEndpoint.start(s, () -> "x_total 1.0\n")) {
            assertThat(get(e.port(), null, "GET").statusCode()).isEqualTo(401);
            assertThat(get(e.port(), "Bearer wrong", "GET").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = get(e.port(), "Bearer s3cret", "GET");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("x_total");
        }
    }

    @Test
    void aHalfSentRequestIsClosedWithinTheDeadlineWhileOthersAreServed() throws Exception {
        MetricsEndpoint.Settings s = MetricsEndpoint.Settings.parse("127.0.0.1:0", null, Path.of("."));
        try (MetricsEndpoint e = MetricsEndpoint.start(s, () -> "x_total 1.0\n", 1_000);
             Socket slow = new Socket("127.0.0.1", e.port())) {
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(get(e.port(), null, "GET").statusCode()).as("served meanwhile").isEqualTo(200);
            assertThat(endOf(slow)).as("closed without a response").isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceAndServingResumes() throws Exception {
        MetricsEndpoint.Settings s = MetricsEndpoint.Settings.parse("127.0.0.1:0", null, Path.of("."));
        List<Socket> silent = new ArrayList<>();
        try (MetricsEndpoint e = MetricsEndpoint.start(s, () -> "x_total 1.0\n", 1_500)) {
            for (int i = 0; i < MetricsEndpoint.MAX_CONNECTIONS; i++) {
                silent.add(new Socket("127.0.0.1", e.port()));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (e.connections() < MetricsEndpoint.MAX_CONNECTIONS && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(e.connections()).isEqualTo(MetricsEndpoint.MAX_CONNECTIONS);
            try (Socket extra = new Socket("127.0.0.1", e.port())) {
                extra.setSoTimeout(1_000);
                assertThat(endOf(extra)).as("refused by closing").isEqualTo(-1);
            }
            for (Socket q : silent) {
                q.setSoTimeout(10_000);
                assertThat(endOf(q)).isEqualTo(-1);
            }
            assertThat(get(e.port(), null, "GET").statusCode()).isEqualTo(200);
            assertThat(get(e.port(), null, "HEAD").statusCode()).isEqualTo(200);
        } finally {
            for (Socket q : silent) {
                q.close();
            }
        }
    }

    @Test
    void anOverlongOrMalformedHeadIsABadRequest() throws Exception {
        MetricsEndpoint.Settings s = MetricsEndpoint.Settings.parse("127.0.0.1:0", null, Path.of("."));
        try (MetricsEndpoint e = MetricsEndpoint.start(s, () -> "x_total 1.0\n")) {
            assertThat(raw(e.port(), "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(MetricsHttp.MAX_HEAD_BYTES) + "\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            assertThat(raw(e.port(), "hello\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            assertThat(raw(e.port(), "GET /other HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
        }
    }

    /** Reads until the end of the stream; -1 when it ended (a reset counts as an end). */
    private static int endOf(Socket s) throws Exception {
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // discard
            }
        } catch (SocketException reset) {
            // closed with unread input: an end too
        }
        return -1;
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            } catch (SocketException e) {
                // the server may answer and close before all of an over-long head is written
            }
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void anEndpointReachableFromOtherHostsNeedsAToken() {
        assertThatThrownBy(() -> MetricsEndpoint.Settings.parse("0.0.0.0:9464", null, Path.of(".")))
                .hasMessageContaining("reachable from other hosts").hasMessageContaining("metrics_token");
        assertThat(MetricsEndpoint.Settings.parse("0.0.0.0:9464", "env:TOKEN", Path.of(".")).token()).isNotNull();
        assertThat(MetricsEndpoint.Settings.parse(null, null, Path.of("."))).isNull();
        assertThatThrownBy(() -> MetricsEndpoint.Settings.parse(null, "pass:x", Path.of("."))).hasMessageContaining("metrics (HOST:PORT) is not");
        assertThatThrownBy(() -> MetricsEndpoint.Settings.parse("127.0.0.1:1", "plain", Path.of("."))).hasMessageStartingWith("metrics_token: ");
    }
}
