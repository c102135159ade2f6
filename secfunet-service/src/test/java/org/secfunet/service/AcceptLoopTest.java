package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An accept that fails ("Too many open files") is retried with back-off and logged once per interval, then serving resumes. */
@Timeout(30)
class AcceptLoopTest {
    @Test
    void aFailingAcceptBacksOffLogsOnceAndServesAgainAfterwards() throws Exception {
        AtomicBoolean exhausted = new AtomicBoolean(true);
        AtomicBoolean closing = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch served = new CountDownLatch(1);
        CountDownLatch failedOften = new CountDownLatch(6);
        List<String> warnings = new CopyOnWriteArrayList<>();
        AcceptLoop.Accept accept = () -> {
            calls.incrementAndGet();
            if (exhausted.get()) {
                failedOften.countDown();
                throw new IOException("Too many open files");
            }
            if (served.getCount() == 0) {
                closing.set(true);
                throw new IOException("Socket closed");
            }
            return new Socket();
        };
        Thread t = Thread.ofPlatform().daemon().start(new AcceptLoop("test listener", accept, s -> served.countDown(), closing::get, warnings::add));
        long start = System.nanoTime();
        assertThat(failedOften.await(10, TimeUnit.SECONDS)).isTrue();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // six failures take at least 10+20+40+80+160 ms of back-off; a spinning loop makes millions
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(250);
        int failures = calls.get();
        assertThat(failures).isBetween(6, 8);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("test listener: accept failed: Too many open files").contains("back-off up to 1000 ms");
        exhausted.set(false);
        assertThat(served.await(5, TimeUnit.SECONDS)).as("the loop serves again once descriptors come back").isTrue();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void failuresAfterTheIntervalAreReportedWithTheirCount() throws Exception {
        long[] now = {1};
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean closing = new AtomicBoolean();
        List<String> warnings = new CopyOnWriteArrayList<>();
        AcceptLoop.Accept accept = () -> {
            int n = calls.incrementAndGet();
            if (n == 3) {
                now[0] += TimeUnit.MILLISECONDS.toNanos(AcceptLoop.LOG_INTERVAL_MILLIS);
            }
            if (n == 4) {
                closing.set(true);
            }
            throw new IOException("Too many open files");
        };
        new AcceptLoop("l", accept, s -> { }, closing::get, warnings::add, () -> now[0]).run();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("(2 times since the last report)");
    }
}
