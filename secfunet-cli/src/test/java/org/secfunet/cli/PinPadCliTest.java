package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.testing.PinPadReaderProvider;

/**
 * The {@code pinpad}/{@code auto} PIN sources of the card commands, run in process on vcard:
 * readers, which have no pinpad: {@code pinpad} is one line naming the reader and the other forms
 * (exit 1, no stack trace), an unknown form a usage error (exit 2).
 */
class PinPadCliTest {
    private static final String OTHER_FORMS = "pass:TEXT, env:VAR, file:PATH or stdin instead";

    @TempDir
    Path dir;
    private String eapCard;
    private String sim;

    @BeforeEach
    void cards() throws Exception {
        Path store = dir.resolve("card.sfn");
        Cli init = Cli.run("card", "init", "--store", store.toString(), "--pin", "pass:1234", "--puk", "pass:87654321");
        assertThat(init.exit()).as(init.err()).isZero();
        eapCard = "vcard:" + store;
        Path profile = dir.resolve("usim.toml");
        Files.writeString(profile, """
                imsi = "001010000000001"
                k = "465b5ce8b199b49faa5f0a2ee238a6bc"
                op = "cdc202d5123e20f62b6d676ac72cb318"
                pin = "1234"
                puk = "12345678"
                """);
        Path simStore = dir.resolve("sim.toml");
        Cli create = Cli.run("vcard", "create", simStore.toString(), "--sim", profile.toString());
        assertThat(create.exit()).as(create.err()).isZero();
        sim = "vcard:" + simStore;
    }

    /** One line, exit 1, naming the reader's file, the option and the typed forms; no stack trace. */
    private static void noPinPad(Cli c, String file, String option, String feature) {
        assertThat(c.exit()).as(c.err()).isEqualTo(1);
        assertThat(c.err().strip().lines()).hasSize(1);
        assertThat(c.err()).contains("has no pinpad (it reports no PC/SC part 10 " + feature + "): give " + option + " " + OTHER_FORMS)
                .contains(file).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(c.out()).isEmpty();
    }

    private static void usage(Cli c) {
        assertThat(c.exit()).as(c.err()).isEqualTo(2);
        assertThat(c.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private String onPinPad(String vcard) {
        return "pinpad:" + vcard.substring("vcard:".length());
    }

    private Path store(String vcard) {
        return Path.of(vcard.substring("vcard:".length()));
    }

    private static String asked(String what, String reader) {
        return "Type the " + what + " on the pinpad of reader '" + reader + "'" + System.lineSeparator();
    }

    @Test
    void onAPinpadReaderTheDefaultAndPinpadUseItAndTheOutputIsUnchanged() {
        String reader = onPinPad(eapCard);
        PinPadReaderProvider.type(store(eapCard), "1234", "4321");
        Cli change = Cli.run("card", "pin", "change", "-r", reader);
        assertThat(change.exit()).as(change.err()).isZero();
        assertThat(change.out()).isEqualTo("PIN changed" + System.lineSeparator());
        assertThat(change.err()).isEqualTo(asked("Current PIN, then the New PIN twice,", reader));
        Cli back = Cli.run("card", "pin", "change", "-r", eapCard, "--old", "pass:4321", "--new", "pass:1234");
        assertThat(back.exit()).as("the pinpad set 4321: " + back.err()).isZero();

        PinPadReaderProvider.type(store(eapCard), "0000");
        Cli wrong = Cli.run("card", "csr", "-r", reader, "--subject", "CN=x", "--pin", "pinpad");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).startsWith(asked("Card PIN", reader))
                .endsWith("secfunet card csr: VERIFY PIN on the pinpad: PIN wrong or not verified, 2 tries left" + System.lineSeparator());

        PinPadReaderProvider.type(store(eapCard), "1234");
        Cli s = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", reader, "-identity", "web");
        assertThat(s.err()).as("verified on the pinpad, then the server is refused").startsWith(asked("Card PIN", reader))
                .contains("cannot connect to 127.0.0.1:1");
        PinPadReaderProvider.type(store(eapCard));
        Cli timeout = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", reader, "-pass", "pinpad", "-quiet");
        assertThat(timeout.exit()).isEqualTo(1);
        assertThat(timeout.err()).isEqualTo("secfunet s_scard: VERIFY PIN on the pinpad of '" + reader
                + "': no PIN was typed on the pinpad in time: start again and type it before the reader's timeout" + System.lineSeparator());
    }

    @Test
    void simCommandsOnAPinpadReader() {
        String reader = onPinPad(sim);
        String rand = "00112233445566778899aabbccddeeff";
        PinPadReaderProvider.type(store(sim), "1234");
        Cli auth = Cli.run("sim", "gsm-auth", "-r", reader, "--rand", rand);
        assertThat(auth.exit()).as(auth.err()).isZero();
        assertThat(auth.out()).startsWith("SRES: ");
        assertThat(auth.err()).isEqualTo(asked("SIM PIN", reader));
        PinPadReaderProvider.type(store(sim), "1234", "5678");
        Cli change = Cli.run("sim", "change-pin", "-r", reader, "-pass", "pinpad");
        assertThat(change.exit()).as(change.err()).isZero();
        assertThat(change.out()).isEqualTo("PIN changed" + System.lineSeparator());
        assertThat(change.err()).isEqualTo(asked("current SIM PIN, then the new SIM PIN twice,", reader));
        Cli typed = Cli.run("sim", "gsm-auth", "-r", sim, "--rand", rand, "-pass", "pass:5678");
        assertThat(typed.exit()).as("the pinpad set 5678: " + typed.err()).isZero();
        assertThat(typed.out()).isEqualTo(auth.out());
    }

    @Test
    void simUnblockAndDisableOnAPinpadReader() {
        String reader = onPinPad(sim);
        String rand = "00112233445566778899aabbccddeeff";
        for (int i = 0; i < 3; i++) {
            assertThat(Cli.run("sim", "gsm-auth", "-r", sim, "--rand", rand, "-pass", "pass:0000").exit()).isEqualTo(1);
        }
        PinPadReaderProvider.type(store(sim), "12345678", "2468");
        Cli unblock = Cli.run("sim", "unblock", "-r", reader);
        assertThat(unblock.exit()).as(unblock.err()).isZero();
        assertThat(unblock.out()).startsWith("PIN unblocked and set");
        assertThat(unblock.err()).isEqualTo(asked("SIM PUK, then the new SIM PIN twice,", reader));
        PinPadReaderProvider.type(store(sim), "2468");
        Cli disable = Cli.run("sim", "disable-pin", "-r", reader, "-pass", "pinpad");
        assertThat(disable.exit()).as(disable.err()).isZero();
        assertThat(disable.out()).isEqualTo("PIN disabled" + System.lineSeparator());
        Cli info = Cli.run("sim", "info", "-r", sim);
        assertThat(info.out()).as(info.err()).contains("IMSI: 001010000000001");
    }

    @Test
    void sScardPinpadOnAVcardIsOneLineAndABogusSourceIsUsage() {
        noPinPad(Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", eapCard, "-pass", "pinpad"), "card.sfn", "-pass", "FEATURE_VERIFY_PIN_DIRECT");
        Cli bogus = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", eapCard, "-pass", "bogus:x");
        usage(bogus);
        assertThat(bogus.err()).contains("unknown PIN source for -pass: use pass:TEXT, env:VAR, file:PATH, stdin, pinpad or auto");
    }

    @Test
    void cardCommandsTakeThePinpadForms() {
        noPinPad(Cli.run("card", "csr", "-r", eapCard, "--subject", "CN=x", "--pin", "pinpad"), "card.sfn", "--pin", "FEATURE_VERIFY_PIN_DIRECT");
        usage(Cli.run("card", "csr", "-r", eapCard, "--subject", "CN=x", "--pin", "bogus:x"));
        noPinPad(Cli.run("card", "pin", "change", "-r", eapCard, "--old", "pinpad"), "card.sfn", "--old", "FEATURE_MODIFY_PIN_DIRECT");
        noPinPad(Cli.run("card", "pin", "change", "-r", eapCard, "--old", "pinpad", "--new", "pinpad"), "card.sfn", "--old", "FEATURE_MODIFY_PIN_DIRECT");
        Cli mix = Cli.run("card", "pin", "change", "-r", eapCard, "--old", "pinpad", "--new", "pass:4321");
        usage(mix);
        assertThat(mix.err().strip().lines()).hasSize(1);
        usage(Cli.run("card", "pin", "change", "-r", eapCard, "--puk-change", "--old", "pinpad"));
        // typed forms work as before, and the PIN changed
        Cli typed = Cli.run("card", "pin", "change", "-r", eapCard, "--old", "pass:1234", "--new", "pass:4321");
        assertThat(typed.exit()).as(typed.err()).isZero();
        assertThat(typed.out()).isEqualTo("PIN changed" + System.lineSeparator());
        assertThat(typed.err()).isEmpty();
    }

    @Test
    void eapolTestTakesThePinpadForms() {
        noPinPad(Cli.run("eapol_test", "-r", eapCard, "-p", "9", "-t", "1", "-pass", "pinpad"), "card.sfn", "-pass", "FEATURE_VERIFY_PIN_DIRECT");
        usage(Cli.run("eapol_test", "-r", eapCard, "-pass", "bogus:x"));
    }

    @Test
    void simCommandsTakeThePinpadForms() {
        String rand = "00112233445566778899aabbccddeeff";
        noPinPad(Cli.run("sim", "gsm-auth", "-r", sim, "--rand", rand, "-pass", "pinpad"), "sim.toml", "-pass", "FEATURE_VERIFY_PIN_DIRECT");
        noPinPad(Cli.run("sim", "info", "-r", sim, "-pass", "pinpad"), "sim.toml", "-pass", "FEATURE_VERIFY_PIN_DIRECT");
        usage(Cli.run("sim", "gsm-auth", "-r", sim, "--rand", rand, "-pass", "bogus:x"));
        noPinPad(Cli.run("sim", "change-pin", "-r", sim, "-pass", "pinpad"), "sim.toml", "-pass", "FEATURE_MODIFY_PIN_DIRECT");
        noPinPad(Cli.run("sim", "unblock", "-r", sim, "--puk", "pinpad", "--new-pin", "pinpad"), "sim.toml", "--puk", "FEATURE_MODIFY_PIN_DIRECT");
        usage(Cli.run("sim", "unblock", "-r", sim, "--puk", "pinpad", "--new-pin", "pass:1234"));
        noPinPad(Cli.run("sim", "disable-pin", "-r", sim, "-pass", "pinpad"), "sim.toml", "-pass", "FEATURE_VERIFY_PIN_DIRECT");
        usage(Cli.run("sim", "enable-pin", "-r", sim, "-pass", "bogus:x"));
        Cli typed = Cli.run("sim", "gsm-auth", "-r", sim, "--rand", rand, "-pass", "pass:1234");
        assertThat(typed.exit()).as(typed.err()).isZero();
        assertThat(typed.out()).startsWith("SRES: ");
        Cli change = Cli.run("sim", "change-pin", "-r", sim, "-pass", "pass:1234", "--new-pin", "pass:5678");
        assertThat(change.exit()).as(change.err()).isZero();
        assertThat(change.out()).isEqualTo("PIN changed" + System.lineSeparator());
    }
}
