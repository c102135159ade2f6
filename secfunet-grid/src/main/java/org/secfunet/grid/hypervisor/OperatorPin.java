package org.secfunet.grid.hypervisor;

import java.nio.file.Path;
import org.secfunet.service.SecretSpec;

/**
 * Where the operator-held PIN of a {@code [[card]]} comes from: a secret source ({@link SecretSpec}:
 * {@code env:}, {@code file:}, {@code pass:}) read when the hypervisor opens the card, or
 * {@code pinpad}: the operator types it on the card reader's pinpad (PC/SC part 10
 * FEATURE_VERIFY_PIN_DIRECT) each time the hypervisor opens the card, and no PIN byte passes the
 * host. Whether the reader has a pinpad is only known when the card is first opened.
 *
 * @param secret the source, null with {@code pinPad}
 * @param pinPad whether the PIN is typed on the reader's pinpad
 */
public record OperatorPin(SecretSpec secret, boolean pinPad) {
    /** The config value for the pinpad. */
    public static final String PINPAD = "pinpad";
    /** The forms, for messages. */
    public static final String FORMS = SecretSpec.FORMS + " or \"" + PINPAD + "\" (typed on the reader's pinpad)";

    public OperatorPin {
        if ((secret == null) != pinPad) {
            throw new IllegalArgumentException("an operator PIN is either a secret source or the pinpad");
        }
    }

    /** Parses a {@code pin =} value; an {@link IllegalArgumentException} naming the forms otherwise (never repeating the value). */
    public static OperatorPin parse(String spec, Path base) {
        if (PINPAD.equals(spec)) {
            return new OperatorPin(null, true);
        }
        if (!SecretSpec.isSpec(spec)) {
            throw new IllegalArgumentException("pin must be " + FORMS);
        }
        return new OperatorPin(new SecretSpec(spec, base), false);
    }

    @Override
    public String toString() {
        return pinPad ? PINPAD : secret.toString();
    }
}
