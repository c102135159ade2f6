package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secfunet vcard create FILE --sim PROFILE} and the card it makes, through a vcard: reader. */
class SimCliTest {
    @TempDir
    Path dir;

    @Test
    void createsASimStoreThatVcardReadersServe() throws Exception {
        Path profile = dir.resolve("usim.toml");
        Files.writeString(profile, """
                imsi = "001010000000001"
                k = "465b5ce8b199b49faa5f0a2ee238a6bc"
                op = "cdc202d5123e20f62b6d676ac72cb318"
                pin = "1234"
                """);
        Path store = dir.resolve("sim.toml");
        Cli c = Cli.run("vcard", "create", store.toString(), "--sim", profile.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("SIM/USIM card, IMSI 001010000000001");

        Cli apdu = Cli.run("apdu", "-r", "vcard:" + store, "00A40004023F00", "00C0000000");
        assertThat(apdu.exit()).as(apdu.err()).isZero();
        assertThat(apdu.out()).contains("62");

        Cli withPin = Cli.run("vcard", "create", dir.resolve("b.toml").toString(), "--sim", profile.toString(), "--pin", "pass:1");
        assertThat(withPin.exit()).isEqualTo(2);
        Files.writeString(profile, "imsi = \"12\"\n");
        Cli bad = Cli.run("vcard", "create", dir.resolve("c.toml").toString(), "--sim", profile.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().lines().count()).isEqualTo(1);
        assertThat(bad.err()).contains(profile.toString());
    }
}
