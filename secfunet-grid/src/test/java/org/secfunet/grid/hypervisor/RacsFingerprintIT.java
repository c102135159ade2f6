package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.ZkTesting;
import org.secfunet.coord.Znodes;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.racs.client.ServerFingerprint;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.service.HostPort;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/**
 * s_hypervisor on ZooKeeper opens an SE only on a RACS server presenting the certificate that
 * server registered in {@code /racs/<server>}: another server with a certificate of the same CA
 * answering at the registered endpoint, or a registration whose fingerprint was overwritten, gets
 * the VM one {@code ERR card} line; the registered server at its endpoint serves.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RacsFingerprintIT {
    static final String PIN = "1234";

    @TempDir
    static Path dir;
    static TestingServer zk;
    static GridPki pki;
    static EmbeddedTlsServer target;
    static TcpProxy endpoint;
    static RacsServer racs;
    static RacsServer impostor;
    static GridCoordinator operator;
    static Hypervisor hv;
    static String registered;
    static String impostorSha256;

    @BeforeAll
    static void grid() throws Exception {
        zk = new TestingServer(true);
        String table = GridZkFixture.zookeeperTable(zk.getConnectString()) + "retry_count = 10\n";
        Files.writeString(dir.resolve("zk.toml"), table);
        pki = GridZkFixture.gridPki(dir);
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        ThrowawayPki.Credential server = web.server("localhost");
        target = new EmbeddedTlsServer(server.key(), server.certificate(), web.ca().certificate());
        for (String card : List.of("se1", "se1-impostor")) {
            ThrowawayPki.Credential c = web.client(card + "@lab.local");
            EapCards.personalized(dir.resolve(card + ".sfn"), "card " + card, PIN.toCharArray(), "12345678".toCharArray(),
                    c.key(), c.certificate(), web.ca().certificate(), "web", card + "@lab.local");
        }
        pki.issue("racs-impostor", true); // the same grid CA: [racs] ca alone would accept it
        endpoint = new TcpProxy(null); // the registered endpoint: whoever the proxy forwards to answers there
        Files.writeString(dir.resolve("racs.toml"), """
                listen = "127.0.0.1:0"
                name = "racs-f"
                advertise = "127.0.0.1:%d"
                fencing = "required"
                """.formatted(endpoint.port()) + GridZkFixture.racsTlsAndUsers("hypervisor-racs") + """
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                """ + table);
        racs = new RacsServer(RacsServerConfig.load(dir.resolve("racs.toml"))).start();
        Files.writeString(dir.resolve("impostor.toml"), """
                listen = "127.0.0.1:0"
                [tls]
                cert = "racs-impostor.pem"
                key = "racs-impostor.key"
                client_ca = "grid-ca.pem"
                [users]
                "hypervisor-racs" = ["*"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1-impostor.sfn"
                """);
        impostor = new RacsServer(RacsServerConfig.load(dir.resolve("impostor.toml"))).start();
        registered = ServerFingerprint.sha256Hex(PemTls.certificates(dir.resolve("racs-server.pem")).get(0));
        impostorSha256 = ServerFingerprint.sha256Hex(PemTls.certificates(dir.resolve("racs-impostor.pem")).get(0));
        assertThat(impostorSha256).isNotEqualTo(registered);
        endpoint.target(new InetSocketAddress("127.0.0.1", racs.port()));
        Files.writeString(dir.resolve("hv.toml"), GridZkFixture.hypervisorToml("hv-f", "", zk.getConnectString()) + """
                [queue]
                wait_ms = 5000
                [limits]
                probe_ms = 100
                card_keep_ms = 0
                [[card]]
                id = "se1"
                pin = "pass:%s"
                """.formatted(PIN));
        operator = new GridCoordinator(CoordSettings.load(dir.resolve("zk.toml")), Clock.systemUTC());
        operator.start();
        operator.bindings().bind("vm-f", List.of("se1"), Set.of(), Set.of());
        hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start();
    }

    @AfterAll
    static void down() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {hv, racs, impostor, endpoint, operator, target, zk}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    static VmClient.Session request() throws Exception {
        return VmClient.connect(new HostPort("127.0.0.1", hv.port()), pki.client("vm-f"),
                VmRequest.parse("CONNECT 127.0.0.1:" + target.port() + " mode=handoff"), null, 20_000);
    }

    /** The ERR line the VM gets for a request. */
    static String refused() throws Exception {
        try (VmClient.Session s = request()) {
            throw new AssertionError("served with card " + s.card() + " although the RACS server's certificate is not the registered one");
        } catch (VmRefusedException e) {
            return e.reply().line();
        }
    }

    /** Forwards the registered endpoint to {@code port}, ending the connections to the one before (pooled ones included). */
    static void answerAt(int port) {
        endpoint.cut();
        endpoint.target(new InetSocketAddress("127.0.0.1", port));
        endpoint.restore();
    }

    @Test
    void anotherServerOfTheGridCaAtTheRegisteredEndpointIsRefusedAndTheRegisteredOneServes() throws Exception {
        try (VmClient.Session s = request()) {
            assertThat(s.card()).as("the registered server at its endpoint").isEqualTo("se1");
        }
        answerAt(impostor.port());
        try {
            String line = refused();
            assertThat(line).isEqualTo("ERR card RACS server 'racs-f' at 127.0.0.1:" + endpoint.port() + " presented a certificate that is not the "
                    + "one it registered in ZooKeeper (sha256 " + impostorSha256 + ", registered " + registered + "); another process may hold its address");
        } finally {
            answerAt(racs.port());
        }
        try (VmClient.Session s = request()) {
            assertThat(s.card()).as("the refused session released the SE's grid lock").isEqualTo("se1");
        }
    }

    @Test
    void aRegistrationWhoseFingerprintWasOverwrittenIsRefusedUntilItIsRightAgain() throws Exception {
        String path = CoordSettings.DEFAULT_ROOT + "/" + Znodes.RACS + "/racs-f";
        String wrong = "0f".repeat(32);
        try (CuratorFramework raw = CuratorFrameworkFactory.builder().connectString(zk.getConnectString()).retryPolicy(new RetryNTimes(5, 100))
                .authorization("digest", (ZkTesting.USER + ":" + ZkTesting.PASSWORD).getBytes(StandardCharsets.UTF_8)).build()) {
            raw.start();
            String json = new String(raw.getData().forPath(path), StandardCharsets.UTF_8);
            assertThat(json).contains(registered);
            raw.setData().forPath(path, json.replace(registered, wrong).getBytes(StandardCharsets.UTF_8));
            try {
                String line = refusedWithin(Duration.ofSeconds(5));
                assertThat(line).startsWith("ERR card RACS server 'racs-f' at 127.0.0.1:" + endpoint.port() + " presented a certificate that is not the one "
                        + "it registered in ZooKeeper (sha256 " + registered + ", registered " + wrong + ")");
            } finally {
                raw.setData().forPath(path, json.getBytes(StandardCharsets.UTF_8));
            }
        }
        servedWithin(Duration.ofSeconds(5));
    }

    /** The ERR line once a request is refused, trying until {@code max} has passed (the hypervisor's copy of the registry follows a watch). */
    static String refusedWithin(Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            try (VmClient.Session s = request()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("still served with card " + s.card() + " after " + max.toMillis() + " ms");
                }
            } catch (VmRefusedException e) {
                return e.reply().line();
            }
            Thread.sleep(20);
        }
    }

    static void servedWithin(Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            try (VmClient.Session s = request()) {
                assertThat(s.card()).isEqualTo("se1");
                return;
            } catch (VmRefusedException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("still refused after " + max.toMillis() + " ms: " + e.reply().line(), e);
                }
            }
            Thread.sleep(20);
        }
    }
}
