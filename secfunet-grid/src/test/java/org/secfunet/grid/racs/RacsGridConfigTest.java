package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.TransportException;

/** The {@code [zookeeper]}, {@code name} and {@code advertise} keys of a RACS server's configuration; one-line errors. */
class RacsGridConfigTest {
    @TempDir
    Path dir;

    private static final String ZK = """
            [zookeeper]
            connect = "zk1:2181,zk2:2181"
            user = "grid"
            password = "env:GRID_PW"
            """;

    @BeforeEach
    void tls() throws Exception {
        RacsTestGrid.placeholderTls(dir);
    }

    private String toml(String listen, String top, String zk) {
        return top + "listen = \"" + listen + "\"\n" + RacsTestGrid.tlsSection() + """
                [users]
                vm = ["se1"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                """ + zk;
    }

    private RacsServerConfig load(String text) throws Exception {
        Path f = dir.resolve("racs.toml");
        Files.writeString(f, text);
        return RacsServerConfig.load(f);
    }

    private String error(String text) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(text));
        assertThat(t).isInstanceOf(RacsConfigException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
        return t.getMessage();
    }

    @Test
    void withoutZookeeperThereIsNoGrid() throws Exception {
        assertThat(load(toml("127.0.0.1:7777", "", "")).grid()).isNull();
    }

    @Test
    void theTableNameAndAdvertiseAreRead() throws Exception {
        RacsServerConfig c = load(toml("0.0.0.0:7777", "name = \"racs-1\"\nadvertise = \"racs1.example:7777\"\n", ZK));
        assertThat(c.grid().name()).isEqualTo("racs-1");
        assertThat(c.grid().advertise().toString()).isEqualTo("racs1.example:7777");
        assertThat(c.grid().zookeeper().connect()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(c.grid().zookeeper().root()).isEqualTo("/secfunet");
        RacsServerConfig d = load(toml("127.0.0.1:0", "", ZK));
        assertThat(d.grid().name()).as("the certificate's CN, known at start").isNull();
        assertThat(d.grid().advertise()).as("the listen address, with the bound port").isNull();
    }

    @Test
    void mistakesAreOneLine() {
        assertThat(error(toml("0.0.0.0:7777", "", ZK))).isEqualTo("config " + dir.resolve("racs.toml")
                + ": advertise: missing: listen 0.0.0.0:7777 is a wildcard address; give advertise = \"host:port\", the address clients reach this server at");
        assertThat(error(toml("[::]:7777", "", ZK))).contains("advertise: missing: listen [::]:7777 is a wildcard address");
        assertThat(error(toml("127.0.0.1:7777", "advertise = \"racs1:7777\"\n", ""))).endsWith(
                "advertise: is published in the grid registry: it needs a [zookeeper] table");
        assertThat(error(toml("127.0.0.1:7777", "name = \"racs-1\"\n", ""))).endsWith(
                "name: is the server's name in the grid registry: it needs a [zookeeper] table");
        assertThat(error(toml("127.0.0.1:7777", "name = \"racs 1\"\n", ZK))).contains("name 'racs 1' must be 1-64 printable ASCII characters");
        assertThat(error(toml("127.0.0.1:7777", "advertise = \"racs1:0\"\n", ZK))).contains("advertise 'racs1:0' has port 0 outside 1..65535");
        assertThat(error(toml("127.0.0.1:7777", "", ZK + "colour = \"red\"\n"))).contains("zookeeper.colour");
        assertThat(error(toml("127.0.0.1:7777", "", ZK + "session_timeout_ms = 10\n")))
                .contains("zookeeper.session_timeout_ms = 10 is outside 1000..600000");
    }

    @Test
    void aHardwareErrorsReasonNamesNoPath() {
        String reader = "vcard:/srv/cards/se1.sfn";
        assertThat(GridPresence.scrub("cannot open " + reader + ": locked by /run/x.lock", reader))
                .isEqualTo("cannot open the reader: locked by (path)");
        assertThat(GridPresence.scrub(new TransportException("SCARD_E_NO_SMARTCARD").getMessage(), "0")).isEqualTo("SCARD_E_NO_SMARTCARD");
        assertThat(GridPresence.kind(reader)).isEqualTo("vcard");
        assertThat(GridPresence.kind("VPCD0 00 00")).isEqualTo("pcsc");
    }
}
