package org.secfunet.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.secfunet.service.SecretSpec;

/**
 * Where a card's PIN comes from on the command line: the forms of {@link SecretSource}
 * ({@code pass:}, {@code env:}, {@code file:}, {@code stdin}), {@code pinpad} (typed on the reader's
 * pinpad, PC/SC part 10 VERIFY/MODIFY_PIN_DIRECT: no PIN byte passes the host) or {@code auto} (the
 * pinpad when the reader has one, else a console prompt). Without the option: {@code auto}. The
 * reader is asked for its features only when the form needs it. A typed PIN is read once and
 * presented to every card of the command; {@link #close()} wipes it.
 */
final class CardPin implements AutoCloseable {
    static final String PINPAD = "pinpad";
    static final String AUTO = "auto";
    static final String FORMS = "pass:TEXT, env:VAR, file:PATH, stdin, pinpad or auto";

    private final String spec;
    private final String option;
    private final String prompt;
    private char[] typed;

    private CardPin(String spec, String option, String prompt) {
        this.spec = spec;
        this.option = option;
        this.prompt = prompt;
    }

    /**
     * The PIN source {@code spec} of {@code option} (null when absent); {@code prompt} ("Card PIN: ")
     * asks on the console and names the PIN in errors. An unknown form is a usage error at once.
     */
    static CardPin of(String spec, String option, String prompt) {
        if (spec != null && !PINPAD.equals(spec) && !AUTO.equals(spec) && !SecretSource.STDIN.equals(spec) && !SecretSpec.isSpec(spec)) {
            throw new UserException("unknown PIN source for " + option + ": use " + FORMS, Errors.USAGE);
        }
        return new CardPin(spec, option, prompt);
    }

    /** Whether the form is {@code pinpad}: the PIN must be typed on the reader. */
    boolean pinPadOnly() {
        return PINPAD.equals(spec);
    }

    /** Whether the form lets the reader's pinpad take the PIN ({@code pinpad}, {@code auto} or none given). */
    boolean pinPadAllowed() {
        return spec == null || PINPAD.equals(spec) || AUTO.equals(spec);
    }

    /**
     * Presents the PIN to one card on {@code reader}: {@code onPinPad} when the form is {@code pinpad}
     * (a reader without a pinpad is a one-line error) or {@code auto} and {@code hasPinPad} says yes;
     * otherwise {@code typedPin} with the typed PIN. {@code err} gets a line asking for the PIN on
     * the pinpad (null: no line).
     */
    void present(String reader, BooleanSupplier hasPinPad, Runnable onPinPad, Consumer<char[]> typedPin, PrintWriter err) {
        if (pinPadAllowed()) {
            boolean pad = hasPinPad.getAsBoolean();
            if (pad) {
                if (err != null) {
                    err.println("Type the " + what() + " on the pinpad of reader '" + reader + "'");
                    err.flush();
                }
                onPinPad.run();
                return;
            }
            if (pinPadOnly()) {
                throw noPinPad(reader, option);
            }
        }
        typedPin.accept(typed());
    }

    /** The typed PIN (read once; from the console when the form is {@code auto} or none). */
    char[] typed() {
        if (typed == null) {
            typed = SecretSource.read(pinPadAllowed() ? null : spec, option, prompt);
        }
        return typed;
    }

    /** The one line for {@code pinpad} on a reader that has none. */
    static UserException noPinPad(String reader, String option) {
        return noPinPad(reader, option, "FEATURE_VERIFY_PIN_DIRECT");
    }

    /** The one line for {@code pinpad} on a reader without {@code feature} ("FEATURE_MODIFY_PIN_DIRECT" for a change). */
    static UserException noPinPad(String reader, String option, String feature) {
        return new UserException("reader '" + reader + "' has no pinpad (it reports no PC/SC part 10 " + feature + "): give "
                + option + " pass:TEXT, env:VAR, file:PATH or stdin instead");
    }

    /** The PIN's name, from its prompt ("Card PIN: " gives "Card PIN"). */
    String what() {
        return prompt.replaceAll(":\\s*$", "");
    }

    /** The option this PIN comes from ("--pin", "-pass"). */
    String option() {
        return option;
    }

    @Override
    public void close() {
        if (typed != null) {
            Arrays.fill(typed, '\0');
        }
    }
}
