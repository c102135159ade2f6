package org.secfunet.eap.sm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A timer variable of RFC 4137 (the peer's idleWhile, the authenticator's retransWhile) on an
 * injected clock: expired once the time it was set to has passed; a timer never set, or cleared,
 * does not expire.
 */
final class Countdown {
    private final Clock clock;
    private Instant end;

    Countdown(Clock clock) {
        this.clock = clock;
    }

    /** Starts the timer: it expires {@code d} from now. */
    void set(Duration d) {
        end = clock.instant().plus(d);
    }

    void clear() {
        end = null;
    }

    boolean expired() {
        return end != null && !clock.instant().isBefore(end);
    }
}
