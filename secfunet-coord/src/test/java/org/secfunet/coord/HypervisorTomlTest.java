package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HypervisorTomlTest {
    static final String HEAD = "listen = \"0.0.0.0:8443\"\n[tls]\ncert = \"h.pem\"\nkey = \"h.key\"\nvm_ca = \"ca.pem\"\n";

    @Test
    void bindingsFromCardsAndVmsWithoutPins() {
        List<Binding> b = HypervisorToml.parse(HEAD
                + "[[card]]\nid = \"a1\"\nreader = \"racs://grid:7777/se1\"\npin = \"pass:1234\"\n"
                + "[[card]]\nid = \"a2\"\nreader = \"racs://[::1]:7777/se2\"\nidentity = \"eap\"\n"
                + "[[vm]]\nname = \"vm-a\"\ncards = [\"a1\", \"a2\"]\nmodes = [\"tunnel\"]\ntargets = [\"api.example:443\"]\n", "h.toml");
        assertThat(b).singleElement().satisfies(x -> {
            assertThat(x.vm()).isEqualTo("vm-a");
            assertThat(x.seids()).containsExactly("se1", "se2");
            assertThat(x.modes()).containsExactly("tunnel");
            assertThat(x.targets()).containsExactly("api.example:443");
            assertThat(x.toString()).doesNotContain("1234");
        });
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> HypervisorToml.parse(HEAD + "[[card]]\nid = \"a1\"\nreader = \"pcsc:Reader 0\"\n"
                + "[[vm]]\nname = \"v\"\ncards = [\"a1\"]\n", "h.toml"))
                .hasMessage("card a1: reader 'pcsc:Reader 0' is not racs://HOST:PORT/SEID (only RACS cards can be shared through ZooKeeper)");
        assertThatThrownBy(() -> HypervisorToml.parse(HEAD + "[[card]]\nid = \"a1\"\nreader = \"racs://g:1/se1\"\n"
                + "[[vm]]\nname = \"v\"\ncards = [\"a1\"]\n[[vm]]\nname = \"w\"\ncards = [\"a1\"]\n", "h.toml"))
                .hasMessage("config h.toml: SE se1 is bound to both vm v and vm w (a card serves one VM)");
        assertThatThrownBy(() -> HypervisorToml.parse(HEAD + "[[card]]\nid = \"a1\"\nreader = \"racs://g:1/se1\"\ncolour = \"red\"\n"
                + "[[vm]]\nname = \"v\"\ncards = [\"a1\"]\n", "h.toml"))
                .hasMessageStartingWith("config h.toml: card[0].colour: unknown key");
        assertThatThrownBy(() -> HypervisorToml.parse(HEAD + "[[card]]\nid = \"a1\"\nreader = \"racs://g:1/se1\"\n"
                + "[[vm]]\nname = \"v\"\ncards = [\"a9\"]\n", "h.toml"))
                .hasMessage("config h.toml: vm v names card 'a9', which no [[card]] defines");
        assertThatThrownBy(() -> HypervisorToml.parse(HEAD + "[[card]]\nid = \"a1\"\nreader = \"racs://g:1/se1\"\n"
                + "[[vm]]\nname = \"v\"\ncards = [\"a1\"]\nmodes = [\"fly\"]\n", "h.toml"))
                .hasMessage("config h.toml: vm v: unknown mode 'fly' (tunnel or handoff)");
    }

    @Test
    void znodeNames() {
        assertThatThrownBy(() -> Znodes.checkId("SEID", "a/b")).hasMessageContaining("without space or '/'");
        assertThatThrownBy(() -> Znodes.checkVm("..")).hasMessageContaining("vm name");
        assertThat(Znodes.checkVm("CN with spaces")).isEqualTo("CN with spaces");
    }
}
