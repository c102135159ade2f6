package org.secfunet.pcsc.part10;

import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.secfunet.pcsc.part10.PinEntryOutcome.Blocked;
import org.secfunet.pcsc.part10.PinEntryOutcome.Cancelled;
import org.secfunet.pcsc.part10.PinEntryOutcome.InvalidParameter;
import org.secfunet.pcsc.part10.PinEntryOutcome.PinsDiffer;
import org.secfunet.pcsc.part10.PinEntryOutcome.TimedOut;
import org.secfunet.pcsc.part10.PinEntryOutcome.Verified;
import org.secfunet.pcsc.part10.PinEntryOutcome.WrongLength;

/**
 * The status words a PIN entry answers to the letter, each row naming its outcome and that outcome's
 * message once: the one table {@link PinEntryOutcome#ofSw} and the outcomes' {@link PinEntryOutcome#message()}
 * read from (the status words themselves are {@link PinEntryOutcome}'s constants, with their spec references).
 * The wrong-PIN words (63Cx, the card's own base, GSM 9804) and any other word are not rows: their
 * outcomes, {@code WrongPin} and {@code CardRefused}, say their own message.
 */
enum PinEntryStatus {
    VERIFIED(Verified.class, Verified::new, sw -> "the card took the PIN typed on the pinpad", PinEntryOutcome.SW_OK),
    BLOCKED(Blocked.class, Blocked::new, sw -> "the PIN is blocked (SW " + Integer.toHexString(sw).toUpperCase() + "): unblock it with the PUK",
            PinEntryOutcome.SW_BLOCKED, PinEntryOutcome.SW_GSM_BLOCKED),
    TIMED_OUT(TimedOut.class, TimedOut::new, sw -> "no PIN was typed on the pinpad in time: start again and type it before the reader's timeout",
            PinEntryOutcome.SW_TIMEOUT),
    CANCELLED(Cancelled.class, Cancelled::new, sw -> "PIN entry was cancelled on the pinpad", PinEntryOutcome.SW_CANCELLED),
    PINS_DIFFER(PinsDiffer.class, PinsDiffer::new,
            sw -> "the new PIN and its confirmation typed on the pinpad differ: start again and type the same new PIN twice",
            PinEntryOutcome.SW_PINS_DIFFER),
    WRONG_LENGTH(WrongLength.class, WrongLength::new, sw -> "the PIN typed on the pinpad has too few or too many digits for this card",
            PinEntryOutcome.SW_WRONG_LENGTH),
    INVALID_PARAMETER(InvalidParameter.class, InvalidParameter::new,
            sw -> "the pinpad reader refused the PIN entry parameters (SW 6B80): it does not support this card's PIN format",
            PinEntryOutcome.SW_INVALID_PARAMETER);

    private static final Map<Integer, PinEntryStatus> BY_SW = Arrays.stream(values())
            .flatMap(row -> Arrays.stream(row.sws).mapToObj(sw -> Map.entry(sw, row)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    private static final Map<Class<?>, PinEntryStatus> BY_KIND = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(row -> row.kind, row -> row));

    private final Class<? extends PinEntryOutcome> kind;
    private final IntFunction<PinEntryOutcome> outcome;
    private final IntFunction<String> message;
    private final int[] sws;

    PinEntryStatus(Class<? extends PinEntryOutcome> kind, IntFunction<PinEntryOutcome> outcome, IntFunction<String> message, int... sws) {
        this.kind = kind;
        this.outcome = outcome;
        this.message = message;
        this.sws = sws;
    }

    /** The outcome of the exact status word {@code sw}, or null when no row holds it. */
    static PinEntryOutcome outcomeOf(int sw) {
        PinEntryStatus row = BY_SW.get(sw);
        return row == null ? null : row.outcome.apply(sw);
    }

    /** The message of {@code outcome}, one of the rows' kinds. */
    static String messageOf(PinEntryOutcome outcome) {
        PinEntryStatus row = BY_KIND.get(outcome.getClass());
        if (row == null) {
            throw new IllegalArgumentException(outcome.getClass().getSimpleName() + " is not a row of the PIN entry status table");
        }
        return row.message.apply(outcome.sw());
    }
}
