package org.secfunet.eap.sm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand: state machines never need a test to sleep. coord's tests keep their
 * own, {@code org.secfunet.coord.TestClock}: no module lies below both eap (uses apdu, pcsc) and
 * coord (uses service), so a shared test-jar would break the module layering.
 */
final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
