package org.secfunet.grid.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.grid.hypervisor.GridPki;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.service.HostPort;
import org.secfunet.tls.OpensslServer;
import org.secfunet.tls.TestCards;

/** A VM with two real s_hypervisors (each with its own software card for the VM) against a real openssl s_server -Verify 1. */
class VmFailoverTest {
    @TempDir
    Path dir;
    GridPki grid;
    SSLContext vm;
    Hypervisor a;
    Hypervisor b;
    OpensslServer server;
    /** The target of the sessions held open to make a hypervisor busy (openssl s_server serves one connection at a time). */
    OpensslServer holder;
    final List<Long> slept = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        grid = new GridPki(dir);
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        TestCards.personalized(dir, web, web, "card-a");
        TestCards.personalized(dir, web, web, "card-b");
        grid.issue("hypervisor", true);
        vm = grid.client("vm-1");
        a = start("a", "card-a", "max_connections = 1\n");
        b = start("b", "card-b", "");
        server = OpensslServer.start(dir, web, web, "", true, 4);
        holder = OpensslServer.start(Files.createDirectories(dir.resolve("holder")), web, web, "", true, 2);
    }

    private Hypervisor start(String name, String card, String limits) throws Exception {
        Path toml = dir.resolve(name + ".toml");
        Files.writeString(toml, """
                listen = "127.0.0.1:0"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [queue]
                retry_after_ms = 120
                [limits]
                %s
                [[card]]
                id = "%s"
                reader = "vcard:%s.sfn"
                pin = "pass:1234"
                [[vm]]
                name = "vm-1"
                cards = ["%s"]
                """.formatted(limits, name + "1", card, name + "1"));
        return new Hypervisor(HypervisorConfig.load(toml)).start();
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, server, holder}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private static HostPort at(Hypervisor h) {
        return new HostPort("127.0.0.1", h.port());
    }

    private static HostPort closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return new HostPort("127.0.0.1", s.getLocalPort()); // nobody listens there once closed
        }
    }

    private VmFailover failover(HostPort... hypervisors) {
        return new VmFailover(List.of(hypervisors), System::nanoTime, slept::add);
    }

    private VmRequest tunnel() {
        return VmRequest.parse("CONNECT 127.0.0.1:" + server.port + " mode=tunnel");
    }

    /** A session that keeps a's only connection slot. */
    private VmClient.Session hold() throws Exception {
        return VmClient.connect(at(a), vm, VmRequest.parse("CONNECT 127.0.0.1:" + holder.port + " mode=tunnel"), null, 20_000);
    }

    @Test
    void aHypervisorThatIsDownIsSkipped() throws Exception {
        HostPort down = closedPort();
        try (VmClient.Session s = failover(down, at(b)).connect(vm, tunnel(), null, 20_000)) {
            assertThat(s.hypervisor()).isEqualTo(at(b));
            assertThat(s.card()).isEqualTo("b1");
        }
        assertThat(slept).isEmpty();
    }

    @Test
    void aBusyHypervisorIsSkipped() throws Exception {
        try (VmClient.Session held = hold()) {
            assertThat(held.card()).isEqualTo("a1");
            try (VmClient.Session s = failover(at(a), at(b)).connect(vm, tunnel(), null, 20_000)) {
                assertThat(s.hypervisor()).isEqualTo(at(b));
            }
        }
    }

    @Test
    void whenEveryHypervisorIsBusyItWaitsForTheHintThenGivesUpWithBusy() throws Exception {
        try (VmClient.Session held = hold()) {
            assertThat(held.card()).isEqualTo("a1");
            assertThatThrownBy(() -> failover(at(a)).connect(vm, tunnel(), null, 1_500))
                    .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.busy()).isTrue());
        }
        assertThat(slept).isNotEmpty().allSatisfy(ms -> assertThat(ms).isBetween(VmFailover.MIN_PAUSE_MS, 1_500L));
    }

    @Test
    void aRefusalAnotherHypervisorWouldRepeatIsFinal() throws Exception {
        VmRequest foreignCard = VmRequest.parse("CONNECT 127.0.0.1:" + server.port + " mode=tunnel card=zz");
        assertThatThrownBy(() -> failover(at(a), at(b)).connect(vm, foreignCard, null, 20_000))
                .isInstanceOfSatisfying(VmRefusedException.class, e -> assertThat(e.reply().code()).isEqualTo("denied"));
        assertThat(b.metrics().scrape()).as("b was never asked").doesNotContain("secfunet_hypervisor_failures_total{");
    }

    @Test
    void whenNoneCanBeReachedTheErrorNamesEach() throws Exception {
        HostPort one = closedPort();
        HostPort two = closedPort();
        assertThatThrownBy(() -> failover(one, two).connect(vm, tunnel(), null, 5_000))
                .isInstanceOf(IOException.class).hasMessageContaining(one.toString()).hasMessageContaining(two.toString());
    }

    @Test
    void thePinIsWipedAndEachAttemptGetsItsOwnCopy() throws Exception {
        char[] pin = "1234".toCharArray();
        try (VmClient.Session s = failover(closedPort(), at(b)).connect(vm, tunnel(), pin, 20_000)) {
            assertThat(s.card()).isEqualTo("b1");
        }
        assertThat(pin).containsOnly('\0');
    }
}
