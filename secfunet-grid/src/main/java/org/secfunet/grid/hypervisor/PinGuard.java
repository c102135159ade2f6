package org.secfunet.grid.hypervisor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rate limit on wrong PINs, per VM: at most {@code maxFailures} in a sliding window; past that the
 * VM's PIN attempts are refused without touching the card until the oldest failure ages out.
 */
public final class PinGuard {
    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanos;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    public PinGuard(int maxFailures, long windowSeconds, LongSupplier nanos) {
        this.maxFailures = maxFailures;
        this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
        this.nanos = nanos;
    }

    /** 0 when the VM may try a PIN now, else the milliseconds until it may. */
    public synchronized long blockedForMillis(String vm) {
        Deque<Long> d = trimmed(vm);
        if (d.size() < maxFailures) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(d.peekFirst() + windowNanos - nanos.getAsLong()));
    }

    public synchronized void failed(String vm) {
        trimmed(vm).addLast(nanos.getAsLong());
    }

    public synchronized int recentFailures(String vm) {
        return trimmed(vm).size();
    }

    private Deque<Long> trimmed(String vm) {
        Deque<Long> d = failures.computeIfAbsent(vm, k -> new ArrayDeque<>());
        long now = nanos.getAsLong();
        while (!d.isEmpty() && now - d.peekFirst() >= windowNanos) {
            d.removeFirst();
        }
        return d;
    }
}
