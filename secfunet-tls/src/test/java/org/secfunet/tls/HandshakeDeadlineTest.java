package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** A server that trickles its handshake one byte at a time cannot hold the card past the whole-handshake deadline. */
class HandshakeDeadlineTest {
    @TempDir
    Path dir;

    @Test
    void aTricklingServerFailsTheHandshakeAtTheDeadline() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("Deadline CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        try (TricklingServer server = new TricklingServer(200);
             EapSmartcard card = TestCards.open(TestCards.personalized(dir, pki, pki), false);
             Socket s = new Socket("127.0.0.1", server.port())) {
            card.verifyPin(TestCards.PIN.clone());
            s.setSoTimeout(1_000); // per read: never reached, a byte comes every 200 ms
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> CardTlsClient.connect(card, "web", "", s, Duration.ofSeconds(2), Instant.now(), m -> { }, false))
                    .isInstanceOf(HandshakeDeadline.HandshakeTimeoutException.class)
                    .hasMessage("TLS handshake with 127.0.0.1:" + server.port() + " took longer than 2 s");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).as("ended at the deadline, not at a per-read timeout").isBetween(1_900L, 6_000L);
        }
    }

    @Test
    void aTunnelDropsATricklingServerAtTheDeadline() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("Deadline CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (TricklingServer server = new TricklingServer(200);
             EapSmartcard card = TestCards.open(TestCards.personalized(dir, pki, pki), false)) {
            card.verifyPin(TestCards.PIN.clone());
            try (TunnelServer tunnel = new TunnelServer(new InetSocketAddress("127.0.0.1", 0), List.of(card), "web",
                    new InetSocketAddress("127.0.0.1", server.port()), 2, 1_000, Duration.ofSeconds(2), log::add).start();
                 Socket local = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
                local.setSoTimeout(20_000);
                long t0 = System.nanoTime();
                assertThat(local.getInputStream().read()).as("the tunnel closes the connection").isEqualTo(-1);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(1_900L, 6_000L);
                assertThat(tunnel.failures()).isEqualTo(1);
                assertThat(log).anyMatch(l -> l.contains("TLS handshake with 127.0.0.1:" + server.port() + " took longer than 2 s"));
            }
        }
    }

    @Test
    void theLimitIsShownAsTheUserGaveIt() {
        assertThat(HandshakeDeadline.shown(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(HandshakeDeadline.shown(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
