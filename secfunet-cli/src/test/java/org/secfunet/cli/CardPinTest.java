package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CardPin} and {@link CardPinChange}: the forms, the pinpad or the typed PIN, read once, wiped. */
class CardPinTest {
    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(strings = {"pass:1234", "env:PIN", "file:/tmp/pin", "stdin", "pinpad", "auto"})
    void theFormsAreAccepted(String form) {
        CardPin.of(form, "-pass", "Card PIN: ").close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus:x", "1234", "PINPAD", "pinpad:", ""})
    void otherFormsAreUsageErrors(String form) {
        assertThatThrownBy(() -> CardPin.of(form, "-pass", "Card PIN: ")).isInstanceOfSatisfying(UserException.class,
                e -> assertThat(e.exitCode()).isEqualTo(Errors.USAGE))
                .hasMessage("unknown PIN source for -pass: use pass:TEXT, env:VAR, file:PATH, stdin, pinpad or auto");
    }

    @Test
    void pinpadOnAReaderWithoutOneIsOneLineNamingItAndTheOtherForms() {
        try (CardPin p = CardPin.of("pinpad", "--pin", "Card PIN: ")) {
            assertThatThrownBy(() -> p.present("vcard:/x/card.sfn", () -> false, () -> calls.add("pad"), pin -> calls.add("typed"), null))
                    .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(Errors.FAILURE))
                    .hasMessage("reader 'vcard:/x/card.sfn' has no pinpad (it reports no PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT):"
                            + " give --pin pass:TEXT, env:VAR, file:PATH or stdin instead");
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void pinpadAndAutoOnAPinpadReaderUseItAndSaySo() {
        for (String form : new String[] {"pinpad", "auto", null}) {
            StringWriter err = new StringWriter();
            try (CardPin p = CardPin.of(form, "-pass", "Card PIN: ")) {
                p.present("Pinpad 00", () -> true, () -> calls.add("pad"), pin -> calls.add("typed"), new PrintWriter(err));
            }
            assertThat(err.toString()).isEqualTo("Type the Card PIN on the pinpad of reader 'Pinpad 00'" + System.lineSeparator());
        }
        assertThat(calls).containsExactly("pad", "pad", "pad");
    }

    @Test
    void autoWithoutAPinpadFallsBackToTheConsolePrompt() {
        try (CardPin p = CardPin.of("auto", "-pass", "Card PIN: ")) {
            // no console in a test: the prompt is what it falls back to
            assertThatThrownBy(() -> p.present("vcard:c", () -> false, () -> calls.add("pad"), pin -> calls.add("typed"), null))
                    .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(Errors.USAGE))
                    .hasMessageContaining("no console to ask for one");
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void aTypedPinIsReadOnceForTwoCardsNeverAsksTheReaderAndCloseWipesIt() throws Exception {
        Path file = dir.resolve("pin");
        Files.writeString(file, "1234\n");
        List<char[]> seen = new ArrayList<>();
        CardPin p = CardPin.of("file:" + file, "-pass", "Card PIN: ");
        p.present("r1", () -> {
            throw new AssertionError("a typed form does not ask the reader");
        }, () -> calls.add("pad"), seen::add, null);
        Files.writeString(file, "9999\n");
        p.present("r2", () -> true, () -> calls.add("pad"), seen::add, null);
        assertThat(calls).isEmpty();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isSameAs(seen.get(0)).containsExactly('1', '2', '3', '4');
        p.close();
        assertThat(seen.get(0)).containsOnly('\0');
    }

    @Test
    void aChangeIsBothOnThePinpadOrBothTyped() {
        for (String[] mix : new String[][] {{"pinpad", "pass:4321"}, {"pass:1234", "pinpad"}, {"pinpad", "stdin"}}) {
            assertThatThrownBy(() -> CardPinChange.of(mix[0], "--old", "Current PIN: ", mix[1], "--new", "New PIN: "))
                    .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(Errors.USAGE))
                    .hasMessageNotContaining("\n").hasMessageContaining("--old").hasMessageContaining("--new");
        }
        StringWriter err = new StringWriter();
        for (String[] pad : new String[][] {{"pinpad", null}, {"pinpad", "pinpad"}, {null, "pinpad"}, {null, null}, {"auto", "auto"}}) {
            try (CardPinChange c = CardPinChange.of(pad[0], "--old", "Current PIN: ", pad[1], "--new", "New PIN: ")) {
                c.present("Pinpad 00", () -> true, () -> calls.add("pad"), (o, n) -> calls.add("typed"), new PrintWriter(err, true));
            }
        }
        assertThat(calls).containsExactly("pad", "pad", "pad", "pad", "pad");
        assertThat(err.toString().lines()).containsOnly("Type the Current PIN, then the New PIN twice, on the pinpad of reader 'Pinpad 00'");
        calls.clear();
        try (CardPinChange c = CardPinChange.of("pass:1234", "--old", "Current PIN: ", "pass:4321", "--new", "New PIN: ")) {
            c.present("Pinpad 00", () -> true, () -> calls.add("pad"), (o, n) -> calls.add(new String(o) + ">" + new String(n)), null);
        }
        assertThat(calls).containsExactly("1234>4321");
        try (CardPinChange c = CardPinChange.of("pinpad", "--old", "Current PIN: ", null, "--new", "New PIN: ")) {
            assertThatThrownBy(() -> c.present("Verify Only 00", () -> false, () -> calls.add("pad"), (o, n) -> calls.add("typed"), null))
                    .isInstanceOf(UserException.class)
                    .hasMessage("reader 'Verify Only 00' has no pinpad (it reports no PC/SC part 10 FEATURE_MODIFY_PIN_DIRECT):"
                            + " give --old pass:TEXT, env:VAR, file:PATH or stdin instead");
        }
    }
}
