package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RadiusServerConfigTest {
    @TempDir
    Path dir;

    private RadiusServerConfig load(String toml) throws Exception {
        Path f = dir.resolve("r.toml");
        Files.writeString(f, toml);
        return RadiusServerConfig.load(f);
    }

    @Test
    void theDocumentedExampleIsValid() {
        RadiusServerConfig c = RadiusServerConfig.load(Path.of(System.getProperty("user.dir")).resolve("../docs/examples/radius.toml").normalize());
        assertThat(c.clients()).hasSize(2);
        assertThat(c.cards()).hasSize(2);
        assertThat(c.port()).isEqualTo(1812);
        assertThat(c.metrics().listen().port()).isEqualTo(9465);
    }

    @Test
    void mistakesAreOneLineNamingTheField() {
        String card = "[[card]]\nreader = \"vcard:c.sfn\"\npin = \"pass:1234\"\n";
        String client = "[[client]]\naddress = \"127.0.0.1\"\nsecret = \"pass:s\"\n";
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n" + client + card + "colour = 1\n")).hasMessageContaining("colour: unknown key");
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n[[client]]\naddress = \"radius.example\"\nsecret = \"pass:s\"\n" + card))
                .hasMessageContaining("is not an IP address or CIDR block");
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n[[client]]\naddress = \"10.0.0.0/33\"\nsecret = \"pass:s\"\n" + card))
                .hasMessageContaining("prefix length outside 0..32");
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n[[client]]\naddress = \"127.0.0.1\"\nsecret = \"testing123\"\n" + card))
                .hasMessageContaining("client 127.0.0.1: a secret source must be");
        assertThatThrownBy(() -> load("listen = \"127.0.0.1\"\n" + client + card)).hasMessageContaining("not HOST:PORT");
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n" + client + card + "[limits]\ncard_wait_ms = -5\n"))
                .hasMessageContaining("limits.card_wait_ms = -5 is outside");
    }

    @Test
    void hoggingLimitsHaveDefaultsAndAreRead() throws Exception {
        String base = "listen = \"127.0.0.1:1812\"\n[[client]]\naddress = \"127.0.0.1\"\nsecret = \"pass:s\"\n"
                + "[[card]]\nreader = \"vcard:c.sfn\"\npin = \"pass:1234\"\n";
        assertThat(load(base).limits()).isEqualTo(new RadiusServerConfig.Limits(RadiusServerConfig.DEFAULT_ROUND_TIMEOUT_SECONDS,
                RadiusServerConfig.NO_BOUND, RadiusServerConfig.DEFAULT_MAX_CARDS_PER_STATION));
        assertThat(load(base + "[limits]\nround_timeout_seconds = 3\nmax_cards_per_nas = 2\nmax_cards_per_station = 4\n").limits())
                .isEqualTo(new RadiusServerConfig.Limits(3, 2, 4));
        assertThatThrownBy(() -> load(base + "[limits]\nmax_cards_per_station = 0\n")).hasMessageContaining("limits.max_cards_per_station = 0 is outside");
    }

    @Test
    void aPinWithoutASourceIsNotEchoed() {
        String client = "[[client]]\naddress = \"127.0.0.1\"\nsecret = \"pass:s\"\n";
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n" + client + "[[card]]\nreader = \"vcard:c.sfn\"\npin = \"271828\"\n"))
                .hasMessageContaining("a secret source must be").hasMessageNotContaining("271828");
        assertThatThrownBy(() -> load("listen = \"127.0.0.1:1812\"\n[[client]]\naddress = \"127.0.0.1\"\nsecret = \"hunter2secret\"\n"
                + "[[card]]\nreader = \"vcard:c.sfn\"\npin = \"pass:1\"\n")).hasMessageNotContaining("hunter2secret");
    }

    @Test
    void clientBlocksMatchAsCidr() throws Exception {
        ClientAddress net = ClientAddress.parse("10.1.2.0/23");
        assertThat(net.matches(InetAddress.getByName("10.1.3.7"))).isTrue();
        assertThat(net.matches(InetAddress.getByName("10.1.4.1"))).isFalse();
        assertThat(ClientAddress.parse("::1").matches(InetAddress.getByName("::1"))).isTrue();
        assertThat(ClientAddress.parse("127.0.0.1").matches(InetAddress.getByName("::1"))).isFalse();
    }
}
