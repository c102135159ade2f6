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
 * A PIN is presented only under a {@link Try} reserved beforehand: the failures of the window plus
 * the tries in flight never exceed {@code maxFailures}, however many requests run at once.
 */
public final class PinGuard implements PinBudget {
    /** What a VM is told to wait when its window is full only of tries still in flight. */
    static final long IN_FLIGHT_RETRY_MS = 1_000;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanos;
    private final Map<String, Budget> budgets = new HashMap<>();

    /** One VM's recent failures (their times) and its tries in flight. */
    private static final class Budget {
        final Deque<Long> failures = new ArrayDeque<>();
        int inFlight;
    }

    public PinGuard(int maxFailures, long windowSeconds, LongSupplier nanos) {
        this.maxFailures = maxFailures;
        this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
        this.nanos = nanos;
    }

    /** A reserved PIN try of one VM: {@link #failed()} when the card said wrong PIN, else closing gives it back. */
    public final class Try implements PinBudget.Attempt {
        private final String vm;
        private boolean settled;

        private Try(String vm) {
            this.vm = vm;
        }

        /** The card refused the PIN: the try becomes a failure of the window. */
        @Override
        public void failed() {
            synchronized (PinGuard.this) {
                if (!settled) {
                    settled = true;
                    Budget b = trimmed(vm);
                    b.inFlight--;
                    b.failures.addLast(nanos.getAsLong());
                    PinGuard.this.notifyAll();
                }
            }
        }

        /** The PIN was right, or never reached the card: the try is free again. */
        @Override
        public void close() {
            synchronized (PinGuard.this) {
                if (!settled) {
                    settled = true;
                    trimmed(vm).inFlight--;
                    PinGuard.this.notifyAll();
                }
            }
        }
    }

    /**
     * Reserves one try for {@code vm}, waiting at most {@code waitMillis} for tries in flight to
     * settle; null when the window is full (then {@link #retryAfterMillis} says for how long).
     */
    @Override
    public synchronized Try reserve(String vm, long waitMillis) throws InterruptedException {
        long end = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Budget b = trimmed(vm);
            if (b.failures.size() >= maxFailures) {
                return null;
            }
            if (b.failures.size() + b.inFlight < maxFailures) {
                b.inFlight++;
                return new Try(vm);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(end - nanos.getAsLong());
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
    }

    /** 0 unless the window is full of failures, else the milliseconds until the oldest ages out. */
    @Override
    public synchronized long blockedForMillis(String vm) {
        Budget b = trimmed(vm);
        if (b.failures.size() < maxFailures) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(b.failures.peekFirst() + windowNanos - nanos.getAsLong()));
    }

    /** After a refused {@link #reserve}: how long the VM should wait before its next PIN. */
    @Override
    public synchronized long retryAfterMillis(String vm) {
        long w = blockedForMillis(vm);
        return w > 0 ? w : IN_FLIGHT_RETRY_MS;
    }

    /** A failure counted without a reservation. */
    public synchronized void failed(String vm) {
        trimmed(vm).failures.addLast(nanos.getAsLong());
    }

    @Override
    public synchronized int recentFailures(String vm) {
        return trimmed(vm).failures.size();
    }

    private Budget trimmed(String vm) {
        Budget b = budgets.computeIfAbsent(vm, k -> new Budget());
        long now = nanos.getAsLong();
        while (!b.failures.isEmpty() && now - b.failures.peekFirst() >= windowNanos) {
            b.failures.removeFirst();
        }
        return b;
    }
}
