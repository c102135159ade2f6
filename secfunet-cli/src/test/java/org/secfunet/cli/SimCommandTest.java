package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `secfunet sim` against a software USIM: identity, GSM and UMTS authentication, mistakes. */
class SimCommandTest {
    @TempDir
    Path dir;

    @Test
    void infoAndAuthentication() throws Exception {
        Path profile = dir.resolve("p.toml");
        Files.writeString(profile, "imsi = \"001010123456789\"\nk = \"465b5ce8b199b49faa5f0a2ee238a6bc\"\nopc = \"cd63cb71954a9f4e48a5994e37a02baf\"\npin = \"1234\"\n");
        Path store = dir.resolve("usim.sfn");
        assertThat(Cli.run("vcard", "create", store.toString(), "--sim", profile.toString()).exit()).isZero();
        String r = "vcard:" + store;
        Cli info = Cli.run("sim", "info", "-r", r, "-pass", "pass:1234");
        assertThat(info.exit()).as(info.err()).isZero();
        assertThat(info.out()).contains("type: USIM").contains("IMSI: 001010123456789").contains("MNC length: 2");
        Cli gsm = Cli.run("sim", "gsm-auth", "-r", r, "-pass", "pass:1234", "--rand", "23553cbe9637a89d218ae64dae47bf35");
        assertThat(gsm.exit()).as(gsm.err()).isZero();
        assertThat(gsm.out()).containsPattern("SRES: [0-9a-f]{8}").containsPattern("Kc: [0-9a-f]{16}");
        Cli umts = Cli.run("sim", "umts-auth", "-r", r, "-pass", "pass:1234", "--rand", "23553cbe9637a89d218ae64dae47bf35",
                "--autn", "00000000000000000000000000000000");
        assertThat(umts.exit()).isEqualTo(1);
        assertThat(umts.err().strip()).startsWith("secfunet sim umts-auth: AUTHENTICATE: MAC failure");
        Cli bad = Cli.run("sim", "gsm-auth", "-r", r, "-pass", "pass:1234", "--rand", "00");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("secfunet sim gsm-auth: --rand must be 16 bytes of hex");
        Cli pin = Cli.run("sim", "info", "-r", r, "-pass", "pass:9999");
        assertThat(pin.exit()).isEqualTo(1);
        assertThat(pin.err()).contains("wrong PIN, 2 tries left");
    }

    @Test
    void pinManagement() throws Exception {
        Path profile = dir.resolve("p.toml");
        Files.writeString(profile, "imsi = \"001010123456789\"\nk = \"465b5ce8b199b49faa5f0a2ee238a6bc\"\nopc = \"cd63cb71954a9f4e48a5994e37a02baf\"\n"
                + "pin = \"1234\"\npuk = \"12345678\"\n");
        Path store = dir.resolve("usim.sfn");
        assertThat(Cli.run("vcard", "create", store.toString(), "--sim", profile.toString()).exit()).isZero();
        String r = "vcard:" + store;
        Cli change = Cli.run("sim", "change-pin", "-r", r, "-pass", "pass:1234", "--new-pin", "pass:5678");
        assertThat(change.exit()).as(change.err()).isZero();
        assertThat(change.out()).contains("PIN changed");
        Cli shortPin = Cli.run("sim", "change-pin", "-r", r, "-pass", "pass:5678", "--new-pin", "pass:12");
        assertThat(shortPin.exit()).isEqualTo(1);
        assertThat(shortPin.err().strip()).isEqualTo("secfunet sim change-pin: the new PIN must have 4 to 8 digits");
        for (int i = 0; i < 3; i++) {
            Cli.run("sim", "info", "-r", r, "-pass", "pass:0000");
        }
        Cli blocked = Cli.run("sim", "info", "-r", r, "-pass", "pass:5678");
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.err()).contains("the PIN is blocked (unblock it with the PUK)").doesNotContain("Exception");
        assertThat(blocked.err()).contains(CardAdvice.SIM_PIN_BLOCKED); // what to run
        Cli wrongPuk = Cli.run("sim", "unblock", "-r", r, "--puk", "pass:87654321", "--new-pin", "pass:2468");
        assertThat(wrongPuk.exit()).isEqualTo(1);
        assertThat(wrongPuk.err()).contains("wrong PUK, 9 tries left");
        Cli unblock = Cli.run("sim", "unblock", "-r", r, "--puk", "pass:12345678", "--new-pin", "pass:2468");
        assertThat(unblock.exit()).as(unblock.err()).isZero();
        assertThat(unblock.out()).contains("PIN unblocked and set; PUK tries left: 10");
        assertThat(Cli.run("sim", "disable-pin", "-r", r, "-pass", "pass:2468").out()).contains("PIN disabled");
        Cli info = Cli.run("sim", "info", "-r", r);
        assertThat(info.out()).contains("IMSI: 001010123456789").contains("PUK tries left: 10");
        assertThat(Cli.run("sim", "enable-pin", "-r", r, "-pass", "pass:2468").out()).contains("PIN enabled");
        assertThat(Cli.run("sim", "info", "-r", r).out()).contains("PIN tries left: 3").contains("IMSI: (give -pass to read it)");
    }
}
