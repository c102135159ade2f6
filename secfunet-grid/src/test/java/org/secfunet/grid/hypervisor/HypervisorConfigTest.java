package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.pcsc.ReaderAddress;

class HypervisorConfigTest {
    @TempDir
    Path dir;

    private static final String TLS = """
            listen = "127.0.0.1:8443"
            [tls]
            cert = "hv.pem"
            key = "hv.key"
            vm_ca = "ca.pem"
            """;

    private HypervisorConfig load(String toml) throws Exception {
        Path f = dir.resolve("hv.toml");
        Files.writeString(f, toml);
        return HypervisorConfig.load(f);
    }

    @Test
    void aGoodConfigResolvesPathsAgainstItsDirectory() throws Exception {
        HypervisorConfig c = load(TLS + """
                [racs]
                cert = "r.pem"
                key = "r.key"
                ca = "rca.pem"
                [[card]]
                id = "a1"
                reader = "racs://127.0.0.1:7777/se1"
                [[card]]
                id = "a2"
                reader = "vcard:cards/a2.sfn"
                pin = "env:A2_PIN"
                [[vm]]
                name = "vm-a"
                cards = ["a1", "a2"]
                targets = ["example.org:443"]
                """);
        assertThat(c.cert()).isEqualTo(dir.resolve("hv.pem"));
        assertThat(c.cards().get("a2").reader()).isEqualTo(new org.secfunet.card.VcardAddress(dir.resolve("cards/a2.sfn")));
        assertThat(c.cards().get("a2").pin().toString()).isEqualTo("env:A2_PIN");
        assertThat(c.vms().get("vm-a").modes()).containsExactlyInAnyOrder(HypervisorConfig.Mode.TUNNEL, HypervisorConfig.Mode.HANDOFF);
        assertThat(c.queueWaitMillis()).isEqualTo(5000);
        assertThat(c.cardKeepMillis()).isEqualTo(HypervisorConfig.DEFAULT_CARD_KEEP_MS);
    }

    @Test
    void theOperatorPinMayBeTypedOnThePinPad() throws Exception {
        HypervisorConfig c = load(TLS + "[[card]]\nid=\"a\"\nreader=\"0\"\npin=\"pinpad\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n");
        assertThat(c.cards().get("a").pin()).isEqualTo(new OperatorPin(null, true));
        assertThatThrownBy(() -> load(TLS + "[[card]]\nid=\"a\"\nreader=\"0\"\npin=\"pin-pad\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("card a: pin must be env:NAME, file:PATH or pass:VALUE or \"pinpad\"");
        assertThatThrownBy(() -> load(TLS + "[racs]\ncert=\"r.pem\"\nkey=\"r.key\"\nca=\"rca.pem\"\n"
                + "[[card]]\nid=\"a\"\nreader=\"racs://127.0.0.1:7777/se1\"\npin=\"pinpad\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("card a: pin = \"pinpad\" needs a local reader");
    }

    @Test
    void theCardKeepTimeIsBounded() throws Exception {
        String vm = "[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n";
        assertThat(load(TLS + "[limits]\ncard_keep_ms = 0\n" + vm).cardKeepMillis()).isZero();
        assertThatThrownBy(() -> load(TLS + "[limits]\ncard_keep_ms = 600001\n" + vm))
                .hasMessageContaining("limits.card_keep_ms = 600001 is outside 0..600000");
    }

    @Test
    void pendingHandshakesHaveTheirOwnSmallerLimits() throws Exception {
        String vm = "[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n";
        assertThat(load(TLS + vm).admission()).isEqualTo(new HypervisorConfig.Admission(64, 32, 5_000));
        assertThat(load(TLS + "[limits]\nmax_pending_handshakes = 4\nvm_handshake_ms = 2000\n" + vm).admission())
                .isEqualTo(new HypervisorConfig.Admission(4, 4, 2_000));
        assertThatThrownBy(() -> load(TLS + "[limits]\nmax_pending_handshakes = 4\nmax_pending_per_source = 5\n" + vm))
                .hasMessageContaining("limits.max_pending_per_source = 5 is outside 1..4");
    }

    @Test
    void mistakesGetOneLineNamingTheField() {
        assertThatThrownBy(() -> load(TLS + "colour = 1\n[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("colour: unknown key");
        assertThatThrownBy(() -> load(TLS + "[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"b\"]\n"))
                .hasMessageContaining("vm v names card 'b'");
        assertThatThrownBy(() -> load(TLS + "[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n[[vm]]\nname=\"w\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("card a is bound to both vm v and vm w");
        assertThatThrownBy(() -> load(TLS + "[[card]]\nid=\"a\"\nreader=\"racs://h:1/x\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("give [racs]");
        assertThatThrownBy(() -> load(TLS + "[queue]\nwait_ms = -1\n[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("queue.wait_ms = -1 is outside");
        assertThatThrownBy(() -> load(TLS + "[[card]]\nid=\"a\"\nreader=\"0\"\npin=\"1234\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("card a: pin must be env:NAME, file:PATH or pass:VALUE or \"pinpad\"").hasMessageNotContaining("1234");
        assertThatThrownBy(() -> HypervisorConfig.load(dir.resolve("missing.toml"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load(TLS.replace("[tls]", "metrics = \"0.0.0.0:9464\"\n[tls]") + "[[card]]\nid=\"a\"\nreader=\"0\"\n[[vm]]\nname=\"v\"\ncards=[\"a\"]\n"))
                .hasMessageContaining("give metrics_token");
    }

    @Test
    void theDocumentedExamplesAreValid() throws Exception {
        Path examples = Path.of(System.getProperty("user.dir")).resolve("../docs/examples").normalize();
        HypervisorConfig hv = HypervisorConfig.load(examples.resolve("hypervisor.toml"));
        assertThat(hv.vms()).containsOnlyKeys("vm-a", "vm-b");
        assertThat(hv.cards()).hasSize(3);
        for (String f : new String[] {"racs-server.pem", "racs-server.key", "grid-ca.pem"}) {
            Files.writeString(dir.resolve(f), "the RACS config checks that its files exist");
        }
        org.secfunet.grid.racs.RacsServerConfig racs = org.secfunet.grid.racs.RacsServerConfig.parse(Files.readString(examples.resolve("racs.toml")), dir);
        assertThat(racs.secureElements()).hasSize(4);
    }

    @Test
    void withZookeeperVmTablesAreRefusedAndCardsOnlyGivePins() throws Exception {
        String zk = TLS + "[racs]\ncert = \"r.pem\"\nkey = \"r.key\"\nca = \"g.pem\"\n"
                + "[zookeeper]\nconnect = \"127.0.0.1:2181\"\nuser = \"grid\"\npassword = \"pass:x\"\n";
        HypervisorConfig c = load(zk + "[[card]]\nid = \"se-1\"\npin = \"pass:1234\"\n");
        assertThat(c.zookeeper().connect()).isEqualTo("127.0.0.1:2181");
        assertThat(c.vms()).isEmpty();
        assertThat(c.cards().get("se-1").reader()).isNull();
        assertThat(c.name()).isNull();
        assertThat(load(zk.replace("[tls]", "name = \"hv-a\"\n[tls]")).name()).isEqualTo("hv-a");
        assertThatThrownBy(() -> load(zk + "[[vm]]\nname = \"v\"\ncards = [\"se-1\"]\n"))
                .hasMessage("[[vm]] is not used with [zookeeper] (bindings live in ZooKeeper): move them there with `secfunet grid import FILE` and remove them from this file");
        assertThatThrownBy(() -> load(zk + "[[card]]\nid = \"se-1\"\nreader = \"0\"\n")).hasMessageContaining("no reader with [zookeeper]");
        assertThatThrownBy(() -> load(zk.substring(0, zk.indexOf("[racs]")) + zk.substring(zk.indexOf("[zookeeper]"))))
                .hasMessageContaining("[zookeeper] needs [racs]");
        assertThatThrownBy(() -> load(TLS + "[[vm]]\nname = \"v\"\ncards = [\"a\"]\n")).hasMessageContaining("no [[card]]");
    }

    @Test
    void theZookeeperExampleIsValid() throws Exception {
        Path examples = Path.of(System.getProperty("user.dir")).resolve("../docs/examples").normalize();
        HypervisorConfig hv = HypervisorConfig.load(examples.resolve("hypervisor-zookeeper.toml"));
        assertThat(hv.zookeeper()).isNotNull();
        assertThat(hv.name()).isEqualTo("hv-1");
        assertThat(hv.cards()).containsOnlyKeys("se1");
    }
}
