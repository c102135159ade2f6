package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.client.RacsReaderProvider;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.grid.racs.ApduRule;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.vm.VmClient;

/**
 * The allow list docs/examples/racs.toml gives its EAP-TLS cards is enough for s_hypervisor: a VM
 * is authenticated by a card behind a RACS server with exactly that firewall, in both modes, and
 * the firewall is in force there.
 */
@Timeout(120)
class ExampleFirewallGridTest {
    @TempDir
    Path dir;

    private static String toml(String key, List<ApduRule> rules) {
        return key + " = [" + rules.stream().map(r -> String.format("{ prefix = \"%08X\", mask = \"%08X\", exact_cla = %s }",
                r.prefix(), r.mask(), r.exactCla())).collect(Collectors.joining(", ")) + "]\n";
    }

    @Test
    void aVmIsServedThroughTheExampleFirewall() throws Exception {
        Path examples = Path.of(System.getProperty("user.dir")).resolve("../docs/examples").normalize();
        Path files = Files.createDirectories(dir.resolve("example"));
        for (String f : new String[] {"racs-server.pem", "racs-server.key", "grid-ca.pem"}) {
            Files.writeString(files.resolve(f), "the RACS config checks that its files exist");
        }
        RacsServerConfig.Se se1 = RacsServerConfig.parse(Files.readString(examples.resolve("racs.toml")), files).secureElements().get(0);
        assertThat(se1.allow()).isNotEmpty();
        String firewall = "aids = [\"" + String.join("\", \"", se1.aids()) + "\"]\n" + toml("allow", se1.allow())
                + toml("deny", se1.deny()).replace(", exact_cla = false", "");
        Path lab = Files.createDirectories(dir.resolve("lab"));
        try (GridLab grid = GridLab.start(lab, new GridLab.Shape(1, 1, true, 5_000, 4), firewall)) {
            for (String mode : new String[] {"handoff", "tunnel"}) {
                try (VmClient.Session s = VmClient.connect(grid.hypervisorAddress(), grid.vm("vm-1"),
                        VmRequest.parse("CONNECT 127.0.0.1:" + grid.targetPort() + " mode=" + mode), null, 20_000)) {
                    assertThat(s.card()).as(mode).isEqualTo("c1");
                    assertThat(s.version()).as(mode).isNotNull();
                }
            }
            // and the firewall is in force: the unblock PIN cannot be tried through the grid
            // (the hypervisor closes first: it keeps its operator-PIN card powered on between handshakes)
            grid.hypervisor().close();
            RacsReaderProvider racs = new RacsReaderProvider(
                    PemTls.context(lab.resolve("hypervisor-racs.key"), lab.resolve("hypervisor-racs.pem"), lab.resolve("grid-ca.pem")));
            try (CardSession card = racs.connect(ReaderAddress.parse("racs://127.0.0.1:" + grid.racsPort() + "/se1"), ConnectOptions.DEFAULT)) {
                assertThatThrownBy(() -> card.transport().transmit(Hex.decode("A02000010831323334FFFFFFFF")))
                        .hasMessageContaining("-606").hasMessageContaining("APDU refused by the firewall");
            }
        }
    }
}
