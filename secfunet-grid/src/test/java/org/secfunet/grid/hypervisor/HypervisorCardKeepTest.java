package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.service.HostPort;
import org.secfunet.tls.OpensslServer;
import org.secfunet.tls.TestCards;

/**
 * s_hypervisor keeps a card verified with its operator PIN open between handshakes, within
 * {@code limits.card_keep_ms}, against a real openssl s_server -Verify 1; a VM's own PIN is
 * always checked on a fresh card session.
 */
class HypervisorCardKeepTest {
    @TempDir
    Path dir;
    Hypervisor hv;
    OpensslServer server;
    GridPki grid;

    @AfterEach
    void tearDown() {
        if (hv != null) {
            hv.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(long keepMillis, int connections) throws Exception {
        grid = new GridPki(dir);
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        TestCards.personalized(dir, web, web, "card-a");
        grid.issue("hypervisor", true);
        Files.writeString(dir.resolve("hv.toml"), """
                listen = "127.0.0.1:0"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [limits]
                probe_ms = 100
                card_keep_ms = %d
                [pin]
                reserve = 0
                [[card]]
                id = "a1"
                reader = "vcard:card-a.sfn"
                pin = "pass:1234"
                [[vm]]
                name = "vm-a"
                cards = ["a1"]
                """.formatted(keepMillis));
        hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start();
        server = OpensslServer.start(dir, web, web, "", false, connections);
    }

    private void request(char[] pin) throws Exception {
        try (VmClient.Session s = VmClient.connect(new HostPort("127.0.0.1", hv.port()), grid.client("vm-a"),
                VmRequest.parse("CONNECT 127.0.0.1:" + server.port + " mode=handoff"), pin, 20_000)) {
            assertThat(s.card()).isEqualTo("a1");
        }
    }

    private String sessions(String reused) {
        return "secfunet_hypervisor_card_sessions_total{reused=\"" + reused + "\"} ";
    }

    @Test
    void theOperatorPinCardIsReusedWhileVerifiedAndClosedWhenIdle() throws Exception {
        start(400, 4);
        request(null);
        assertThat(hv.keptCardSessions()).as("kept after the first handshake").isOne();
        request(null);
        request(null);
        String m = hv.metrics().scrape();
        assertThat(m).contains(sessions("false") + "1.0").contains(sessions("true") + "2.0");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hv.keptCardSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(hv.keptCardSessions()).as("closed within card_keep_ms + probe_ms of idleness").isZero();
        request(null);
        assertThat(hv.metrics().scrape()).as("a fresh session after the idle close").contains(sessions("false") + "2.0");
    }

    @Test
    void aVmPinIsCheckedOnAFreshSessionEvenRightAfterAKeptOne() throws Exception {
        start(60_000, 3); // the refused request connected to the server too
        request(null);
        assertThat(hv.keptCardSessions()).isOne();
        assertThatThrownBy(() -> request("9999".toCharArray()))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("pin"))
                .hasMessageContaining("tries left");
        assertThat(hv.keptCardSessions()).as("the kept session was closed before the VM's PIN went to the card").isZero();
        request(null);
        assertThat(hv.metrics().scrape()).contains(sessions("false") + "2.0").doesNotContain(sessions("true"));
    }

    @Test
    void aKeepTimeOfZeroOpensACardSessionPerHandshake() throws Exception {
        start(0, 2);
        request(null);
        assertThat(hv.keptCardSessions()).isZero();
        request(null);
        assertThat(hv.metrics().scrape()).contains(sessions("false") + "2.0").doesNotContain(sessions("true"));
    }
}
