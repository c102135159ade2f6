package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    void anEndpointReachableFromOtherHostsNeedsAToken() {
        assertThatThrownBy(() -> MetricsEndpoint.Settings.parse("0.0.0.0:9464", null, Path.of(".")))
                .hasMessageContaining("reachable from other hosts").hasMessageContaining("metrics_token");
        assertThat(MetricsEndpoint.Settings.parse("0.0.0.0:9464", "env:TOKEN", Path.of(".")).token()).isNotNull();
        assertThat(MetricsEndpoint.Settings.parse(null, null, Path.of("."))).isNull();
        assertThatThrownBy(() -> MetricsEndpoint.Settings.parse(null, "pass:x", Path.of("."))).hasMessageContaining("metrics (HOST:PORT) is not");
        assertThatThrownBy(() -> MetricsEndpoint.Settings.parse("127.0.0.1:1", "plain", Path.of("."))).hasMessageStartingWith("metrics_token: ");
    }
}
