package org.secfunet.jca.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.lab.NginxLab;

/** ALPN offered by the card: HttpClient speaks HTTP/2 to an nginx that offers it, over the host record layer. */
class Http2NginxTest {
    @TempDir
    Path dir;

    @Test
    void httpClientNegotiatesH2ThroughTheCard() throws Exception {
        assumeTrue(NginxLab.binary() != null, "nginx is not installed");
        ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
        SecFuNetProvider p = Fixtures.provider(Fixtures.card(dir, pki, "sam") + ";pin=pass:1234");
        try (NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.2 TLSv1.3", true);
             HttpClient c = HttpClient.newBuilder().sslContext(Fixtures.context(p)).connectTimeout(Duration.ofSeconds(20)).build()) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(nginx.uri()).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(r.body()).isEqualTo("CN=sam|TLSv1.3\n");
            }
        }
    }
}
