package org.secfunet.jca.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** The lab nginx itself, with JSSE and a key in memory (the benchmark's baseline): it demands a client certificate and names it. */
class NginxLabTest {
    @TempDir
    Path dir;

    @Test
    void answersWithTheClientSubjectAndProtocolAndRefusesClientsWithoutCertificate() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("lab CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        ThrowawayPki.Credential client = pki.client("file@test.local");
        try (NginxLab nginx = NginxLab.start(dir, pki.server("localhost"), pki.ca().certificate(), "TLSv1.2 TLSv1.3")) {
            HttpClient withKey = HttpClient.newBuilder().sslContext(context(pki, client)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = withKey.send(HttpRequest.newBuilder(nginx.uri()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().strip()).isEqualTo("CN=file@test.local|TLSv1.3");

            HttpClient without = HttpClient.newBuilder().sslContext(context(pki, null)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> refused = without.send(HttpRequest.newBuilder(nginx.uri()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("nginx answers 400 to a client without certificate").isEqualTo(400);
        }
    }

    @Test
    void aBadConfigurationIsReportedWithNginxsOwnMessage() {
        ThrowawayPki pki = ThrowawayPki.create("lab CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        assertThatThrownBy(() -> NginxLab.start(dir, pki.server("localhost"), pki.ca().certificate(), "TLSv9"))
                .isInstanceOf(IOException.class).hasMessageContaining("nginx exited").hasMessageContaining("TLSv9");
    }

    /** A JSSE context trusting the lab CA, with {@code client}'s key in memory (or none). */
    static SSLContext context(ThrowawayPki pki, ThrowawayPki.Credential client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (client != null) {
            keys.setKeyEntry("client", client.key(), "pw".toCharArray(), new Certificate[] {client.certificate()});
        }
        kmf.init(keys, "pw".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }
}
