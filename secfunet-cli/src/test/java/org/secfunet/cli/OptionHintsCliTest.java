package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer trips over: each hint names the command's own option, and options a command cannot use are not offered. */
class OptionHintsCliTest {
    @TempDir
    Path dir;

    @Test
    void aMissingPinNamesTheCommandsOwnOption() {
        // no -pass is auto: a reader without a pinpad (vcard:) falls back to the console prompt
        Path store = dir.resolve("card.sfn");
        assertThat(Cli.run("card", "init", "--store", store.toString(), "--pin", "pass:1234", "--puk", "pass:87654321").exit()).isZero();
        Cli c = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", "vcard:" + store);
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip()).isEqualTo("secfunet s_scard: no Card PIN given and no console to ask for one"
                + " (use -pass pass:TEXT, env:VAR, file:PATH or stdin)");
        assertThat(c.err()).doesNotContain("--pin");
    }

    @Test
    void aBadSharedSecretIsNamedAsSuchAndNotEchoed() {
        Cli c = Cli.run("eapol_test", "-s", "testing123", "-r", "vcard:" + dir.resolve("none.sfn"), "-pass", "pass:1234");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip()).isEqualTo("secfunet eapol_test: unknown secret source for -s (RADIUS shared secret):"
                + " use pass:TEXT, env:VAR, file:PATH or stdin");
        assertThat(c.err()).doesNotContain("testing123").doesNotContain("PIN");
    }

    @Test
    void aBadPinSourceIsNotEchoed() {
        Cli c = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", "vcard:x", "-pass", "1234");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("unknown PIN source for -pass: use pass:TEXT, env:VAR, file:PATH, stdin, pinpad or auto").doesNotContain("1234");
    }

    @Test
    void racsClientOptionsOnlyWhereAReaderIsOpened() {
        String[][] refusing = {
            {"racs_server", "--config", "r.toml"},
            {"s_hypervisor", "--config", "h.toml"},
            {"vcard", "--store", "a.sfn"},
            {"readers"},
        };
        for (String[] args : refusing) {
            java.util.List<String> withRacs = new java.util.ArrayList<>(java.util.List.of(args));
            withRacs.addAll(1, java.util.List.of("--racs-cert", "c.pem"));
            Cli c = Cli.run(withRacs.toArray(String[]::new));
            assertThat(c.exit()).as(args[0]).isEqualTo(2);
            assertThat(c.err()).as(args[0]).contains("Unknown option").contains("'--racs-cert'");
        }
        for (String command : new String[] {"apdu", "s_scard", "eapol_test", "radius_server"}) {
            assertThat(Cli.run(command, "--help").out()).as(command).contains("--racs-cert");
        }
        assertThat(Cli.run("card", "show", "--help").out()).contains("--racs-cert");
        assertThat(Cli.run("sim", "info", "--help").out()).contains("--racs-cert");
        assertThat(Cli.run("--help").out()).doesNotContain("--racs-cert");
    }
}
