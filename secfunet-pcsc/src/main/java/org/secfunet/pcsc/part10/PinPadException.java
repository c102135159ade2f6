package org.secfunet.pcsc.part10;

import java.util.Optional;

/**
 * A PIN entry on the reader's pinpad did not verify: the reader has no pinpad, the control call
 * failed, or the reader answered with an outcome other than the card's verdict (timeout, cancel,
 * PINs that differ, wrong length, refused parameters). One line, never a PIN.
 */
public final class PinPadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PinEntryOutcome outcome;

    public PinPadException(String message) {
        super(message);
        this.outcome = null;
    }

    public PinPadException(String message, Throwable cause) {
        super(message, cause);
        this.outcome = null;
    }

    /** The reader answered {@code outcome}; {@code what} names the command ("VERIFY PIN on the pinpad of 'reader'"). */
    public PinPadException(String what, PinEntryOutcome outcome) {
        super(what + ": " + outcome.message());
        this.outcome = outcome;
    }

    /** What the reader answered, empty when there was no answer (no pinpad, failed control call). */
    public Optional<PinEntryOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }
}
