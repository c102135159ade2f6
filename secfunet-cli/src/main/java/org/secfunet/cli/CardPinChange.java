package org.secfunet.cli;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The two secrets of a PIN change or unblock (the current PIN or the PUK, then the new PIN), each a
 * {@link CardPin} form: both on the reader's pinpad (PC/SC part 10 MODIFY_PIN_DIRECT asks both; no
 * PIN byte passes the host) or both typed. {@code pinpad} for one and the other absent, {@code auto}
 * or {@code pinpad} means the pinpad; {@code pinpad} for one and a typed form for the other is a
 * usage error at once. Neither given, or {@code auto}: the pinpad when the reader can change a PIN
 * on it, else both prompted. {@link #close()} wipes what was typed.
 */
final class CardPinChange implements AutoCloseable {
    private final CardPin current;
    private final CardPin fresh;

    private CardPinChange(CardPin current, CardPin fresh) {
        this.current = current;
        this.fresh = fresh;
    }

    /** The sources of the authorizing secret ({@code currentSpec} of {@code currentOption}) and of the new PIN; null when absent. */
    static CardPinChange of(String currentSpec, String currentOption, String currentPrompt, String newSpec, String newOption, String newPrompt) {
        CardPin c = CardPin.of(currentSpec, currentOption, currentPrompt);
        CardPin n = CardPin.of(newSpec, newOption, newPrompt);
        if (c.pinPadOnly() && !n.pinPadAllowed() || n.pinPadOnly() && !c.pinPadAllowed()) {
            throw new UserException("the pinpad asks " + currentOption + " and " + newOption + " together: give both as pinpad (or one and omit the other),"
                    + " or both as typed sources (" + SecretSource.FORMS + ")", Errors.USAGE);
        }
        return new CardPinChange(c, n);
    }

    /** Whether the pinpad may take the change (neither source is a typed form). */
    boolean pinPadAllowed() {
        return current.pinPadAllowed() && fresh.pinPadAllowed();
    }

    /** Whether a source is {@code pinpad}: the change must be typed on the reader. */
    boolean pinPadOnly() {
        return current.pinPadOnly() || fresh.pinPadOnly();
    }

    /**
     * Runs the change on {@code reader}: {@code onPinPad} when the pinpad is asked for (a reader
     * without one is a one-line error) or allowed and {@code hasPinPad} (the reader's MODIFY_PIN_DIRECT)
     * says yes; else {@code typed} with both secrets, read once. {@code err} gets the line asking for
     * them on the pinpad (null: no line).
     */
    void present(String reader, BooleanSupplier hasPinPad, Runnable onPinPad, BiConsumer<char[], char[]> typed, PrintWriter err) {
        if (pinPadAllowed()) {
            if (hasPinPad.getAsBoolean()) {
                if (err != null) {
                    err.println("Type the " + current.what() + ", then the " + fresh.what() + " twice, on the pinpad of reader '" + reader + "'");
                    err.flush();
                }
                onPinPad.run();
                return;
            }
            if (pinPadOnly()) {
                throw CardPin.noPinPad(reader, (current.pinPadOnly() ? current : fresh).option(), "FEATURE_MODIFY_PIN_DIRECT");
            }
        }
        char[] c = current.typed();
        typed.accept(c, fresh.typed());
    }

    @Override
    public void close() {
        current.close();
        fresh.close();
    }
}
