package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PinGuardTest {
    @Test
    void failuresAgeOutOfTheWindowPerVm() {
        AtomicLong now = new AtomicLong(1_000);
        PinGuard g = new PinGuard(2, 60, now::get);
        assertThat(g.blockedForMillis("a")).isZero();
        g.failed("a");
        assertThat(g.blockedForMillis("a")).isZero();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        g.failed("a");
        assertThat(g.blockedForMillis("a")).isEqualTo(50_000);
        assertThat(g.blockedForMillis("b")).as("another VM is not affected").isZero();
        now.addAndGet(TimeUnit.SECONDS.toNanos(50));
        assertThat(g.blockedForMillis("a")).isZero();
        assertThat(g.recentFailures("a")).isEqualTo(1);
    }

    @Test
    void triesInFlightCountAgainstTheWindowUntilSettled() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        PinGuard g = new PinGuard(2, 60, now::get);
        PinGuard.Try first = g.reserve("a", 0);
        PinGuard.Try second = g.reserve("a", 0);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(g.reserve("a", 0)).as("two tries in flight fill a window of two").isNull();
        assertThat(g.retryAfterMillis("a")).isEqualTo(PinGuard.IN_FLIGHT_RETRY_MS);
        assertThat(g.reserve("b", 0)).as("another VM is not affected").isNotNull();
        first.close(); // the PIN was right: the try is given back
        PinGuard.Try third = g.reserve("a", 0);
        assertThat(third).isNotNull();
        second.failed();
        third.failed();
        third.close(); // settled already: no effect
        assertThat(g.recentFailures("a")).isEqualTo(2);
        assertThat(g.reserve("a", 0)).isNull();
        assertThat(g.retryAfterMillis("a")).isEqualTo(60_000);
    }
}
