package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.service.HostPort;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.tls.OpensslServer;
import org.secfunet.tls.TestCards;

/** s_hypervisor with two VMs, each bound to its own software card, against a real openssl s_server -Verify 1. */
class HypervisorTest {
    @TempDir
    Path dir;
    GridPki grid;
    ThrowawayPki web;
    Hypervisor hv;
    OpensslServer server;

    @BeforeEach
    void setUp() throws Exception {
        grid = new GridPki(dir);
        web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        TestCards.personalized(dir, web, web, "card-a");
        TestCards.personalized(dir, web, web, "card-b");
        grid.issue("hypervisor", true);
        Files.writeString(dir.resolve("hv.toml"), """
                listen = "127.0.0.1:0"
                metrics = "127.0.0.1:0"
                metrics_token = "pass:scrape-me"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [queue]
                wait_ms = 2000
                [pin]
                max_failures = 2
                window_seconds = 600
                reserve = 1
                [[card]]
                id = "a1"
                reader = "vcard:card-a.sfn"
                pin = "pass:1234"
                [[card]]
                id = "b1"
                reader = "vcard:card-b.sfn"
                [[vm]]
                name = "vm-a"
                cards = ["a1"]
                [[vm]]
                name = "vm-b"
                cards = ["b1"]
                modes = ["handoff"]
                """);
        hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (hv != null) {
            hv.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private VmClient.Session connect(String vm, String request, char[] pin) throws Exception {
        return VmClient.connect(new HostPort("127.0.0.1", hv.port()), grid.client(vm), VmRequest.parse(request), pin, 20_000);
    }

    private static String echo(VmClient.Session s, String line) throws Exception {
        s.out().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        s.out().flush();
        return new BufferedReader(new InputStreamReader(s.in(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    void eachVmGetsTlsAuthenticatedByItsOwnCardInTunnelAndHandoffModes() throws Exception {
        server = OpensslServer.start(dir, web, web, "", true, 3);
        try (VmClient.Session a = connect("vm-a", "CONNECT 127.0.0.1:" + server.port + " mode=tunnel", null)) {
            assertThat(a.card()).isEqualTo("a1");
            assertThat(a.serverSubject()).contains("localhost");
            assertThat(echo(a, "hello from a")).isEqualTo("a morf olleh");
        }
        assertThat(server.awaitPrinted("card-a", java.time.Duration.ofSeconds(5))).as("%s", server.output).isTrue();
        try (VmClient.Session b = connect("vm-b", "CONNECT 127.0.0.1:" + server.port + " mode=handoff tls=1.3", "1234".toCharArray())) {
            assertThat(b.card()).isEqualTo("b1");
            assertThat(b.version()).isEqualTo("TLSv1.3");
            assertThat(b.reply().fields()).doesNotContainKey("keys");
            assertThat(echo(b, "hello from b")).isEqualTo("b morf olleh");
        }
        assertThat(server.awaitPrinted("card-b", java.time.Duration.ofSeconds(5))).as("%s", server.output).isTrue();
        try (VmClient.Session a = connect("vm-a", "CONNECT 127.0.0.1:" + server.port + " mode=handoff tls=1.2", null)) {
            assertThat(a.version()).isEqualTo("TLSv1.2");
            assertThat(echo(a, "tls12 handoff")).isEqualTo("ffodnah 21slt");
        }
        URI uri = URI.create("http://127.0.0.1:" + hv.metricsPort() + "/metrics");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no token, no metrics").isEqualTo(401);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer scrape-me")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("secfunet_hypervisor_handshakes_total{mode=\"tunnel\",vm=\"vm-a\"} 1.0")
                .contains("secfunet_hypervisor_handshakes_total{mode=\"handoff\",vm=\"vm-b\"} 1.0")
                .contains("secfunet_hypervisor_queue_time_seconds_count").contains("secfunet_hypervisor_card_busy_time_seconds_count");
    }

    @Test
    void aVmThatTricklesItsRequestIsCutOffAtTheDeadline() throws Exception {
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) grid.client("vm-a").getSocketFactory().createSocket("127.0.0.1", hv.port())) {
            s.setSoTimeout(30_000);
            s.startHandshake();
            long t0 = System.nanoTime();
            int got = 0;
            try {
                for (int i = 0; i < 40; i++) { // one byte every 0.5 s: each read is quick, the whole request is not
                    s.getOutputStream().write('C');
                    s.getOutputStream().flush();
                    Thread.sleep(500);
                }
                got = s.getInputStream().read();
            } catch (java.io.IOException closed) {
                got = -1;
            }
            assertThat(got).isEqualTo(-1);
            assertThat(System.nanoTime() - t0).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(25));
        }
    }

    @Test
    void aVmCannotUseAnotherVmsCardOrAForbiddenMode() throws Exception {
        assertThatThrownBy(() -> connect("vm-a", "CONNECT 127.0.0.1:1 card=b1", null))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("denied"))
                .hasMessageContaining("card 'b1' is not bound to this VM");
        assertThatThrownBy(() -> connect("vm-b", "CONNECT 127.0.0.1:1 mode=tunnel", "1234".toCharArray()))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("denied"));
        assertThatThrownBy(() -> connect("vm-stranger", "CONNECT 127.0.0.1:1", null))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("denied"))
                .hasMessageContaining("not configured");
    }

    @Test
    void wrongPinsAreCountedPerVmRateLimitedAndTheLastTriesAreKeptForTheOperator() throws Exception {
        server = OpensslServer.start(dir, web, web, "", false, 5);
        String req = "CONNECT 127.0.0.1:" + server.port + " mode=handoff";
        assertThatThrownBy(() -> connect("vm-b", req, "9999".toCharArray()))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("pin"))
                .hasMessageContaining("2 tries left");
        // the reserve: with 2 tries left and reserve 1 one more try is allowed, then the card keeps its last try
        assertThatThrownBy(() -> connect("vm-b", req, "9998".toCharArray()))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("pin"))
                .hasMessageContaining("1 tries left");
        // the VM's rate limit (2 failures per window) now refuses without touching the card
        assertThatThrownBy(() -> connect("vm-b", req, "1234".toCharArray()))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("pin-limit"));
        // vm-a is not affected by vm-b's failures: its card and its budget are its own
        try (VmClient.Session a = connect("vm-a", "CONNECT 127.0.0.1:" + server.port + " mode=tunnel", null)) {
            assertThat(a.card()).isEqualTo("a1");
        }
        String metrics = hv.metrics().scrape();
        assertThat(metrics).contains("secfunet_hypervisor_pin_failures_total{vm=\"vm-b\"} 2.0");
    }

    @Test
    void withTheCardAtItsReserveAVmPinIsNotPresented() throws Exception {
        HypervisorConfig cfg = HypervisorConfig.load(dir.resolve("hv.toml"));
        hv.close();
        // a fresh hypervisor (fresh rate limit) over a card already at one try left
        try (var card = TestCards.open(dir.resolve("card-b.sfn"), false)) {
            for (String wrong : new String[] {"0000", "0001"}) {
                try {
                    card.verifyPin(wrong.toCharArray());
                } catch (RuntimeException expected) {
                    // counting down
                }
            }
            assertThat(card.pinTriesLeft()).isEqualTo(1);
        }
        hv = new Hypervisor(cfg).start();
        server = OpensslServer.start(dir, web, web, "", false, 1);
        assertThatThrownBy(() -> connect("vm-b", "CONNECT 127.0.0.1:" + server.port + " mode=handoff", "1234".toCharArray()))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("pin"))
                .hasMessageContaining("1 PIN tries left; they are kept for the operator");
        try (var card = TestCards.open(dir.resolve("card-b.sfn"), false)) {
            assertThat(card.pinTriesLeft()).as("the VM's PIN was never presented").isEqualTo(1);
        }
    }
}
