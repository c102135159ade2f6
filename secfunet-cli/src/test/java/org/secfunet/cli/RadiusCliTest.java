package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RADIUS commands' mistakes are one line and a non-zero exit. */
class RadiusCliTest {
    @TempDir
    Path dir;

    @Test
    void mistakesAreOneLine() {
        Cli c = Cli.run("radius_server", "--config", dir.resolve("none.toml").toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err().strip()).isEqualTo("secfunet radius_server: config " + dir.resolve("none.toml") + " does not exist or is not a file");
        Cli p = Cli.run("eapol_test", "-p", "0", "-r", "vcard:x", "-pass", "pass:1234");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err().strip()).isEqualTo("secfunet eapol_test: -p 0 is not a port");
        Cli card = Cli.run("eapol_test", "-p", "1812", "-s", "pass:s", "-r", "vcard:" + dir.resolve("none.sfn"), "-pass", "pass:1234", "-t", "1");
        assertThat(card.exit()).isEqualTo(1);
        assertThat(card.err().strip().lines()).hasSize(1);
    }
}
