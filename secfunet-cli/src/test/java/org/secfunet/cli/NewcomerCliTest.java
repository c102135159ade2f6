package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a newcomer trips over (issue 12): usage without a command, mistyped commands, cards that refuse. */
class NewcomerCliTest {
    @TempDir
    Path dir;

    @Test
    void noCommandPrintsTheUsageWithEveryCommand() {
        Cli c = Cli.run();
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).startsWith("secfunet: a command is required").doesNotContain("secfunet secfunet");
        for (String command : new CommandLine(new Main()).getSubcommands().keySet()) {
            assertThat(c.err()).contains("  " + command + " ");
        }
    }

    @Test
    void aGroupWithoutItsSubcommandPrintsItsUsage() {
        Cli bench = Cli.run("bench");
        assertThat(bench.exit()).isEqualTo(2);
        assertThat(bench.err()).startsWith("secfunet bench: a subcommand is required").contains("  grid ").contains("  radius ");
        Cli pin = Cli.run("card", "pin");
        assertThat(pin.exit()).isEqualTo(2);
        assertThat(pin.err()).startsWith("secfunet card pin: a subcommand is required").contains("  change ").contains("  unblock ");
    }

    @Test
    void aMistypedCommandIsNamedWithTheClosestOne() {
        Cli typo = Cli.run("s_scrad", "-connect", "x:1");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err().lines().toList()).containsExactly(
                "secfunet: unknown command 's_scrad' (did you mean 's_scard'?)", "Try 'secfunet --help'.");

        Cli help = Cli.run("frob", "--help");
        assertThat(help.exit()).isEqualTo(2);
        assertThat(help.out()).isEmpty();
        assertThat(help.err()).startsWith("secfunet: unknown command 'frob'");

        Cli sub = Cli.run("sim", "inf", "-r", "0");
        assertThat(sub.exit()).isEqualTo(2);
        assertThat(sub.err()).startsWith("secfunet sim: unknown command 'inf' (did you mean 'info'?)").contains("Try 'secfunet sim --help'.");

        Cli card = Cli.run("card", "frob");
        assertThat(card.exit()).isEqualTo(2);
        assertThat(card.err()).startsWith("secfunet card: unknown command 'frob'");

        for (String[] asked : new String[][] {{"--help"}, {"card", "--help"}, {"help", "card"}}) {
            Cli h = Cli.run(asked);
            assertThat(h.exit()).as(String.join(" ", asked)).isZero();
            assertThat(h.out()).startsWith("Usage: secfunet").contains(asked.length == 1 ? "s_scard" : "set-identity");
        }
    }

    private String emptyCard() {
        Path store = dir.resolve("card.sfn");
        Cli init = Cli.run("card", "init", "--store", store.toString(), "--pin", "pass:1234", "--puk", "pass:87654321");
        assertThat(init.exit()).as(init.err()).isZero();
        return "vcard:" + store;
    }

    private static void oneLine(Cli c, String command, String says) {
        oneLine(c, command, says, "");
    }

    /** One line, exit 1: "secfunet COMMAND: SAYS...; ADVICE". */
    private static void oneLine(Cli c, String command, String says, String advice) {
        assertThat(c.exit()).as(c.err()).isEqualTo(1);
        assertThat(c.err().lines().toList()).singleElement().asString().startsWith("secfunet " + command + ": " + says).endsWith(advice);
    }

    @Test
    void aCardWithoutIdentityOrKeySaysWhatToRun() {
        String r = emptyCard();
        oneLine(Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", r, "-pass", "pass:1234"), "s_scard", "Get-Preferred-Identity failed: 6A88", "; " + CardAdvice.NO_IDENTITY);
        assertThat(CardAdvice.NO_IDENTITY).contains("secfunet card set-identity");
        oneLine(Cli.run("eapol_test", "-r", r, "-pass", "pass:1234", "-a", "127.0.0.1", "-p", "1"), "eapol_test", "Get-Preferred-Identity failed", "; " + CardAdvice.NO_IDENTITY);
        oneLine(Cli.run("card", "csr", "-r", r, "--subject", "CN=x", "--pin", "pass:1234"), "card csr", "GET DATA public key failed", "; " + CardAdvice.NO_KEY);
    }

    @Test
    void aCardWithAnIdentityButNoKeySaysWhatToRun() throws Exception {
        String r = emptyCard();
        assertThat(Cli.run("card", "set-identity", "-r", r, "--label", "web", "--eap-id", "a@b", "--puk", "pass:87654321").exit()).isZero();
        try (ServerSocket listening = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) { // the kernel completes the connect
            String target = "127.0.0.1:" + listening.getLocalPort();
            Cli noKey = Cli.run("s_scard", "-connect", target, "-r", r, "-pass", "pass:1234", "-quiet");
            oneLine(noKey, "s_scard", "Set-Identity (TLS proxy) 'web' failed: 6985", "; " + CardAdvice.NOT_READY);
            Cli unknown = Cli.run("s_scard", "-connect", target, "-r", r, "-pass", "pass:1234", "-quiet", "-identity", "nope");
            oneLine(unknown, "s_scard", "Set-Identity (TLS proxy) 'nope' failed: 6A88", "; " + CardAdvice.NO_SUCH_IDENTITY);
        }
        oneLine(Cli.run("eapol_test", "-r", r, "-pass", "pass:1234", "-a", "127.0.0.1", "-p", "1"), "eapol_test",
                "Set-Identity 'web' failed: 6985", "; " + CardAdvice.NOT_READY);
    }

    @Test
    void aCardOfAnotherKindIsNamedAsSuch() {
        Path test = dir.resolve("test.toml");
        assertThat(Cli.run("vcard", "create", test.toString(), "--pin", "pass:1234").exit()).isZero();
        oneLine(Cli.run("card", "show", "-r", "vcard:" + test), "card show", "SELECT EAP-TLS applet failed", "; " + CardAdvice.NO_APPLET);
        // the card show above released the card: sim finds it free
        oneLine(Cli.run("sim", "info", "-r", "vcard:" + test), "sim info", "SELECT", "; " + CardAdvice.NO_SIM);
        Cli bench = Cli.run("bench", "apdu", "-r", emptyCard(), "-n", "1", "--warmup", "0");
        assertThat(bench.exit()).as(bench.err()).isEqualTo(1);
        assertThat(bench.err()).contains("secfunet bench apdu: reader '").contains("holds no secfunet test card (SELECT failed: 6A82");
    }

    @Test
    void wrongAndBlockedPinsSayWhatToDo() {
        String r = emptyCard();
        String[] wrong = {"s_scard", "-connect", "127.0.0.1:1", "-r", r, "-pass", "pass:9999"};
        oneLine(Cli.run(wrong), "s_scard", "VERIFY PIN: PIN wrong or not verified, 2 tries left", "2 tries left");
        oneLine(Cli.run(wrong), "s_scard", "VERIFY PIN: PIN wrong or not verified, 1 tries left", "1 tries left");
        oneLine(Cli.run(wrong), "s_scard", "VERIFY PIN: PIN blocked", "; " + CardAdvice.PIN_BLOCKED);
        assertThat(CardAdvice.PIN_BLOCKED).contains("secfunet card pin unblock");
        oneLine(Cli.run("card", "pin", "change", "-r", r, "--old", "pass:1234", "--new", "pass:4321"), "card pin change", "CHANGE PIN: PIN blocked", "; " + CardAdvice.PIN_BLOCKED);
        oneLine(Cli.run("card", "pin", "unblock", "-r", r, "--puk", "pass:11111111", "--new", "pass:1234"), "card pin unblock",
                "UNBLOCK PIN: PIN wrong or not verified, 9 tries left", "9 tries left");
        assertThat(Cli.run("card", "pin", "unblock", "-r", r, "--puk", "pass:87654321", "--new", "pass:1234").exit()).isZero();
    }

    @Test
    void badReaderAddressesAndConfigsAreUserMistakesNotInternalErrors() throws Exception {
        oneLine(Cli.run("card", "show", "-r", "vcard:"), "card show", "reader address 'vcard:' names no card store file");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "foo = 1\n");
        oneLine(Cli.run("radius_server", "--config", bad.toString()), "radius_server", "config " + bad);
        oneLine(Cli.run("s_hypervisor", "--config", dir.resolve("none.toml").toString()), "s_hypervisor", "config ");
        Path unsetSecret = dir.resolve("radius.toml");
        Files.writeString(unsetSecret, """
                listen = "127.0.0.1:0"
                [[client]]
                address = "127.0.0.1"
                secret = "env:SECFUNET_SURELY_UNSET"
                [[card]]
                reader = "vcard:%s"
                pin = "pass:1234"
                """.formatted(dir.resolve("none.sfn")));
        oneLine(Cli.run("radius_server", "--config", unsetSecret.toString()), "radius_server", "the environment variable SECFUNET_SURELY_UNSET is not set");
        String r = emptyCard();
        oneLine(Cli.run("apdu", "-r", r, "--trace", "loud", "00A4040000"), "apdu", "unknown trace level 'loud'");
        oneLine(Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", r, "-pass", "pass:12"), "s_scard", "a card PIN has 4 to 8 characters");
        oneLine(Cli.run("apdu", "-r", r, "--wait", "-5", "00A4040000"), "apdu", "wait for card must be 0..3600000 ms");
        oneLine(Cli.run("bench", "apdu", "-n", "0"), "bench apdu", "iterations must be 1..");
        oneLine(Cli.run("card", "import", "-r", r, "--key", dir.resolve("none.key").toString(), "--cert", dir.resolve("none.pem").toString(),
                "--puk", "pass:87654321"), "card import", "no such file: " + dir.resolve("none.key"));
    }
}
