package org.secfunet.bench;

import java.util.Arrays;
import org.secfunet.apdu.CardStatusException;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.Transport;

/**
 * Measures the per-APDU round trip of a transport: warm-up, then {@code n} timed exchanges of the
 * same command, reported as median, 99th percentile, mean and exchanges per second. A measurement,
 * never an assertion.
 */
public final class RoundTrip {
    /** Timing summary in microseconds. */
    public record Result(String name, int n, double medianMicros, double p99Micros, double meanMicros, double perSecond) {
        public String line() {
            return String.format("%-28s n=%-6d median %9.2f us   p99 %9.2f us   mean %9.2f us   %10.0f APDU/s",
                    name, n, medianMicros, p99Micros, meanMicros, perSecond);
        }
    }

    private RoundTrip() {
    }

    public static Result measure(String name, Transport t, byte[] command, int warmup, int n) {
        if (n < 1 || n > 10_000_000 || warmup < 0 || warmup > 10_000_000) {
            throw new IllegalArgumentException("iterations must be 1..10000000 and warm-up 0..10000000");
        }
        for (int i = 0; i < warmup; i++) {
            check(t.transmit(command));
        }
        long[] times = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            check(t.transmit(command));
            times[i] = System.nanoTime() - t0;
        }
        long total = System.nanoTime() - start;
        Arrays.sort(times);
        double median = times[n / 2] / 1e3;
        double p99 = times[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e3;
        double mean = Arrays.stream(times).average().orElse(0) / 1e3;
        return new Result(name, n, median, p99, mean, n / (total / 1e9));
    }

    private static void check(byte[] answer) {
        ResponseApdu r = ResponseApdu.parse(answer);
        if (!r.isOk()) {
            throw new CardStatusException("benchmark command failed: the card answered " + StatusWord.format(r.sw()) + ", not 9000", r.sw());
        }
    }
}
