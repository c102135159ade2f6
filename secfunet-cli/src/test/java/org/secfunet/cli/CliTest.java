package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against in-process software cards: output, errors, exit codes. */
class CliTest {
    @TempDir
    Path dir;

    private Path card() {
        Path f = dir.resolve("card.toml");
        Cli c = Cli.run("vcard", "create", f.toString(), "--pin", "pass:1234", "--label", "cli card");
        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("created " + f);
        return f;
    }

    @Test
    void apduPrintsDataStatusWordAndMeaning() {
        Path f = card();
        Cli c = Cli.run("apdu", "-r", "vcard:" + f, "00A40400 0A F053454346554E455401", "00CA010100", "00A4040002AAAA");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("< SW 9000  success").contains("(16 bytes)")
                .contains("< SW 6A82  file or application not found");
    }

    @Test
    void pinsAreRedactedInEchoAndTrace() throws Exception {
        Path f = card();
        Path trace = dir.resolve("trace.log");
        Cli c = Cli.run("apdu", "-r", "vcard:" + f, "--trace", "hex", "--trace-to", trace.toString(),
                "00A40400 0A F053454346554E455401", "0020008004 31323334");
        assertThat(c.exit()).as(c.err()).isZero();
        String log = Files.readString(trace);
        assertThat(log).contains("(PIN data redacted)").contains("Lc=4").doesNotContain("31 32 33 34");
        assertThat(c.out()).doesNotContain("31 32 33 34").contains("2A 2A 2A 2A");
        assertThat(log).contains("SW 9000 (success)");
    }

    @Test
    void userMistakesAreOneLineAndNonZero() {
        Path f = card();
        Cli bad = Cli.run("apdu", "-r", "vcard:" + f, "00A4");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("secfunet apdu: APDU #1 '00A4' is not valid: APDU too short: 2 byte(s); a command needs at least the 4-byte header CLA INS P1 P2");

        Cli hex = Cli.run("apdu", "-r", "vcard:" + f, "00A4040G");
        assertThat(hex.exit()).isEqualTo(2);
        assertThat(hex.err()).contains("not a hex digit: 'G'").doesNotContain("\tat ");

        Cli missing = Cli.run("apdu", "-r", "vcard:" + dir.resolve("none.toml"), "00A40400");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().lines().count()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist (create one with: secfunet vcard create");

        Cli exists = Cli.run("vcard", "create", f.toString(), "--pin", "pass:1234");
        assertThat(exists.exit()).isEqualTo(1);
        assertThat(exists.err()).contains("already exists");

        Cli noStore = Cli.run("vcard");
        assertThat(noStore.exit()).isEqualTo(2);
        assertThat(noStore.err()).contains("give at least one --store FILE");

        Cli unknown = Cli.run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'").contains("Try 'secfunet --help'");

        Cli racs = Cli.run("apdu", "-r", "racs://h:1/SE", "00A40400");
        assertThat(racs.exit()).isEqualTo(1);
        assertThat(racs.err()).contains("a racs:// reader needs a client certificate");

        Cli pin = Cli.run("vcard", "create", dir.resolve("x.toml").toString(), "--pin", "env:SECFUNET_SURELY_UNSET");
        assertThat(pin.exit()).isEqualTo(2);
        assertThat(pin.err()).contains("environment variable SECFUNET_SURELY_UNSET is not set");
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli c = Cli.run("apdu", "--debug", "-r", "vcard:" + dir.resolve("none.toml"), "00A40400");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("\tat org.secfunet");
    }

    @Test
    void demoRunsEveryStep() {
        Cli c = Cli.run("demo", "sdk");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("8. EAP-style ECHO").contains("=> 600 data bytes, SW 9000 success").contains("done:");
        Cli full = Cli.run("demo");
        assertThat(full.exit()).as(full.err()).isZero();
        assertThat(full.out()).contains("7. sent 'hello from SecFuNet', server answered: echo: hello from SecFuNet (client CN=card@demo.secfunet)");
    }

    @Test
    void benchMeasuresTheInProcessBaseline() {
        Cli c = Cli.run("bench", "apdu", "-n", "50", "--warmup", "10");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).containsPattern("in-process short 8 B\\s+n=50\\s+median\\s+[0-9.]+ us");
    }
}
