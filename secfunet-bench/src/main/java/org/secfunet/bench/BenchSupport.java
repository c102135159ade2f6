package org.secfunet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;

/** What several benchmarks share: percentiles of measured times, and removing a benchmark's scratch directory. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** The {@code p}th percentile (nearest rank) of {@code nanos}, in milliseconds; NaN when nothing was measured. */
    static double percentileMs(long[] nanos, int p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    /** Deletes {@code dir} and everything under it, deepest first. */
    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
