package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.peer.CardEapolTest;
import org.secfunet.radius.peer.RadiusClient;

/** Our two ends against each other: a card as EAP-TLS peer through our NAS, radius_server with the EAP-TLS server in cards. */
class RadiusConversationTest {
    @TempDir
    Path dir;

    static EapSmartcard peer(Path store, String version) {
        EapSmartcard card = new EapSmartcard(Readers.discover().connect("vcard:" + store, ConnectOptions.DEFAULT), Tracer.OFF, ApduMode.SHORT);
        card.select();
        if (version != null) {
            card.verifyPuk(RadiusLab.PUK.toCharArray());
            card.setTlsVersions(List.of(version));
        }
        card.verifyPin(RadiusLab.PIN.toCharArray());
        card.setIdentity("wifi");
        return card;
    }

    @ParameterizedTest
    @CsvSource({"EC_P256, 1.2", "EC_P256, 1.3", "RSA_2048, 1.2", "RSA_2048, 1.3"})
    void theCardPeerIsAcceptedByTheCardServerWithMatchingMppeKeys(ThrowawayPki.KeyType type, String version) throws Exception {
        RadiusLab lab = new RadiusLab(dir, type, 2, Duration.ofDays(1));
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start();
             RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8),
                     3000, 3);
             EapSmartcard card = peer(lab.peerCard, version)) {
            List<String> log = new ArrayList<>();
            CardEapolTest.Result r = CardEapolTest.run(card, nas, "02-00-00-00-00-01", log::add);
            assertThat(r.success()).as("%s %s", r.reason(), log).isTrue();
            assertThat(r.mppeMatch()).isTrue();
            assertThat(r.identity()).isEqualTo(RadiusLab.PEER_IDENTITY);
            assertThat(server.stats().accepts.get()).isEqualTo(1);
            assertThat(server.conversations()).isZero();
        }
    }

    @Test
    void aWrongSharedSecretIsDroppedAndTheClientSaysSo() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 1, Duration.ofDays(1));
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start();
             RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), "not-the-secret".getBytes(StandardCharsets.UTF_8),
                     300, 2);
             EapSmartcard card = peer(lab.peerCard, null)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CardEapolTest.run(card, nas, "x", s -> { }))
                    .hasMessageContaining("no valid answer");
            for (int i = 0; i < 250 && server.stats().badAuthenticator.get() < 2; i++) {
                Thread.sleep(20); // counted by the server's own thread
            }
            assertThat(server.stats().badAuthenticator.get()).isEqualTo(2);
            assertThat(server.pool().counts().get(org.secfunet.service.CardPool.State.FREE)).isEqualTo(1);
        }
    }

    @Test
    void theMetricsEndpointCountsRepliesDropsAndConversations() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 1, Duration.ofDays(1));
        Path config = lab.serverConfig(0, 30);
        String toml = java.nio.file.Files.readString(config);
        java.nio.file.Files.writeString(config, toml.replaceFirst("\n", "\nmetrics = \"127.0.0.1:0\"\n"));
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(config)).start();
             RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8),
                     3000, 3);
             RadiusClient wrong = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), "wrong".getBytes(StandardCharsets.UTF_8),
                     200, 1);
             EapSmartcard card = peer(lab.peerCard, null)) {
            assertThat(CardEapolTest.run(card, nas, "02-00-00-00-00-01", s -> { }).success()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.send(List.of(
                    org.secfunet.radius.packet.RadiusAttribute.text(org.secfunet.radius.packet.RadiusAttributeType.USER_NAME, "x"))))
                    .hasMessageContaining("no valid answer");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics");
            String body = "";
            for (int i = 0; i < 100 && !body.contains("secfunet_radius_dropped_total{reason=\"bad_authenticator\"} 1.0"); i++) {
                Thread.sleep(i == 0 ? 0 : 50); // the dropped datagram is counted by the server's thread
                body = http.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(body).contains("secfunet_radius_dropped_total{reason=\"bad_authenticator\"} 1.0")
                    .contains("secfunet_radius_replies_total{code=\"accept\"} 1.0")
                    .contains("secfunet_radius_conversation_time_seconds_count{outcome=\"accept\"} 1")
                    .contains("secfunet_radius_conversation_time_seconds_count{outcome=\"timeout\"} 0")
                    .contains("secfunet_radius_cards{state=\"free\"} 1.0")
                    .contains("secfunet_radius_conversations 0.0");
            assertThat(body).containsPattern("secfunet_radius_replies_total\\{code=\"challenge\"} [1-9]");
        }
    }
}
