package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.lab.FreeRadius;
import org.secfunet.radius.lab.Hostapd;
import org.secfunet.radius.lab.LabProcess;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.lab.WpaEapolTest;
import org.secfunet.radius.peer.CardEapolTest;
import org.secfunet.radius.peer.RadiusClient;

/**
 * Against peers and servers we did not write: wpa_supplicant's eapol_test authenticating to
 * radius_server (EAP-TLS server in a card), and the card as peer (secfunet's eapol_test) against
 * hostapd's integrated server and FreeRADIUS; TLS 1.2 and 1.3, ECDSA and RSA; MPPE keys checked.
 */
class RadiusInteropIT {
    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        for (String tool : List.of("/usr/bin/eapol_test", "/usr/sbin/hostapd", "/usr/sbin/freeradius")) {
            if (!Files.isExecutable(Path.of(tool))) {
                if ("1".equals(System.getenv("SECFUNET_PCSC_REQUIRED"))) {
                    fail(tool + " is missing: bin/test installs eapoltest, hostapd and freeradius");
                }
                assumeTrue(false, tool + " is not installed (run bin/test)");
            }
        }
    }

    @ParameterizedTest(name = "{0} TLS {1}")
    @CsvSource({"EC_P256, 1.2", "EC_P256, 1.3", "RSA_2048, 1.2", "RSA_2048, 1.3"})
    void wpaEapolTestAuthenticatesAgainstRadiusServer(ThrowawayPki.KeyType type, String version) throws Exception {
        RadiusLab lab = new RadiusLab(dir, type, 2, Duration.ofDays(1));
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start()) {
            WpaEapolTest.Run run = WpaEapolTest.run(dir, "peer", server.port(), RadiusLab.SECRET, RadiusLab.PEER_IDENTITY, lab.clientFiles[0],
                    lab.clientFiles[1], lab.pki.caPem, version.equals("1.3"), 15);
            assertThat(run.success()).as(tail(run.output())).isTrue();
            assertThat(run.mppeOk()).isTrue();
            assertThat(run.tls13()).as("negotiated TLS 1.3").isEqualTo(version.equals("1.3"));
            assertThat(server.stats().accepts.get()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "hostapd {0} TLS {1}")
    @CsvSource({"EC_P256, 1.2", "EC_P256, 1.3", "RSA_2048, 1.2", "RSA_2048, 1.3"})
    void theCardPeerAuthenticatesAgainstHostapd(ThrowawayPki.KeyType type, String version) throws Exception {
        cardPeerAuthenticatesAgainst(Hostapd::start, type, version, 30, hostapd -> { });
    }

    @ParameterizedTest(name = "FreeRADIUS {0} TLS {1}")
    @CsvSource({"EC_P256, 1.2", "EC_P256, 1.3", "RSA_2048, 1.2", "RSA_2048, 1.3"})
    void theCardPeerAuthenticatesAgainstFreeRadius(ThrowawayPki.KeyType type, String version) throws Exception {
        cardPeerAuthenticatesAgainst(FreeRadius::start, type, version, 40, freeradius -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() - end < 0 && !freeradius.printed("Login OK")) {
                Thread.sleep(20); // FreeRADIUS logs the login after it has sent the Accept
            }
            assertThat(freeradius.printed("Login OK")).as(freeradius.tail(20)).isTrue();
        });
    }

    /** Starts a RADIUS server we did not write (hostapd, FreeRADIUS) with a lab's server key, CA and shared secret. */
    interface ServerStart {
        LabProcess start(Path dir, String secret, Path serverCert, Path serverKey, Path trustedCas, boolean tls13) throws Exception;
    }

    /** What a test checks of the server's process after the card's authentication. */
    interface ServerCheck {
        void check(LabProcess server) throws Exception;
    }

    /**
     * The card as peer authenticates against that server, the MPPE keys of both sides match ({@code tailLines} of
     * the server's log shown when not), then {@code after} checks the server.
     */
    private void cardPeerAuthenticatesAgainst(ServerStart start, ThrowawayPki.KeyType type, String version, int tailLines,
                                              ServerCheck after) throws Exception {
        RadiusLab lab = new RadiusLab(dir, type, 0, Duration.ofDays(1));
        // on a free port, started again on another if a process takes it before the server binds it
        try (LabProcess server = start.start(dir, RadiusLab.SECRET, lab.serverFiles[0], lab.serverFiles[1], lab.pki.caPem,
                version.equals("1.3"))) {
            CardEapolTest.Result r = cardPeer(lab, server.port(), version);
            assertThat(r.success()).as("%s%n%s", r.reason(), server.tail(tailLines)).isTrue();
            assertThat(r.mppeMatch()).isTrue();
            after.check(server);
        }
    }

    static CardEapolTest.Result cardPeer(RadiusLab lab, int port, String version) throws Exception {
        try (RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", port), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8), 3000, 3);
             EapSmartcard card = RadiusConversationTest.peer(lab.peerCard, version)) {
            List<String> log = new ArrayList<>();
            return CardEapolTest.run(card, nas, "02-00-00-00-00-01", log::add);
        }
    }

    static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
