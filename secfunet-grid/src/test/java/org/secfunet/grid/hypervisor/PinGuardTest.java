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
}
