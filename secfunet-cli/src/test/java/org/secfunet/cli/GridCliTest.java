package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid commands' mistakes are one line and a non-zero exit. */
class GridCliTest {
    @TempDir
    Path dir;

    @Test
    void badConfigsAreOneLine() throws Exception {
        Cli c = Cli.run("s_hypervisor", "--config", dir.resolve("none.toml").toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err().strip()).startsWith("secfunet s_hypervisor: config ").endsWith("does not exist or is not a file");
        Files.writeString(dir.resolve("r.toml"), "listen = \"127.0.0.1:0\"\nbogus = 1\n");
        Cli r = Cli.run("racs_server", "--config", dir.resolve("r.toml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("secfunet racs_server: ").contains("bogus");
    }

    @Test
    void racsReadersNeedClientCredentials() {
        Cli c = Cli.run("apdu", "-r", "racs://127.0.0.1:1/se1", "00A40400");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err().strip()).contains("needs a client certificate").contains("--racs-cert");
        Cli bad = Cli.run("apdu", "-r", "racs://127.0.0.1:1/se1", "--racs-cert", dir.resolve("no.pem").toString(),
                "--racs-key", dir.resolve("no.key").toString(), "--racs-ca", dir.resolve("ca.pem").toString(), "00A40400");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).contains("RACS client credentials").contains("no.key");
    }

    @Test
    void sVmSaysWhatIsWrong() {
        Cli c = Cli.run("s_vm", "-hypervisor", "127.0.0.1:1", "-connect", "nohost", "-cert", "a", "-key", "b", "-CAfile", "c");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err().strip()).isEqualTo("secfunet s_vm: -connect 'nohost' is not HOST:PORT");
        Cli t = Cli.run("s_vm", "-hypervisor", "127.0.0.1:1,127.0.0.1:2", "-connect", "127.0.0.1:3", "-timeout", "0", "-cert", "a", "-key", "b", "-CAfile", "c");
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err().strip()).isEqualTo("secfunet s_vm: -timeout 0 is outside 1..600000 ms");
        Cli h = Cli.run("s_vm", "-hypervisor", "127.0.0.1:1,nohost", "-connect", "127.0.0.1:3", "-cert", "a", "-key", "b", "-CAfile", "c");
        assertThat(h.exit()).isEqualTo(1);
        assertThat(h.err().strip()).isEqualTo("secfunet s_vm: -hypervisor 'nohost' is not HOST:PORT");
    }
}
