package org.secfunet.grid.hypervisor;

/**
 * The per-VM wrong-PIN budget the hypervisor applies before a VM's PIN reaches a card: at most
 * {@code pin.max_failures} wrong PINs in {@code pin.window_seconds}, a try reserved before the
 * PIN is presented. Kept in memory ({@link PinGuard}) for one hypervisor, or in ZooKeeper
 * ({@link LedgerPins}) for every hypervisor of a grid.
 */
public interface PinBudget {
    /** A reserved PIN try: {@link #failed()} when the card said wrong PIN, else closing gives it back. */
    interface Attempt extends AutoCloseable {
        void failed();

        @Override
        void close();
    }

    /**
     * Reserves one try for {@code vm}, waiting at most {@code waitMillis} for tries in flight to
     * settle; null when the window is full (then {@link #retryAfterMillis} says for how long).
     */
    Attempt reserve(String vm, long waitMillis) throws InterruptedException;

    /** 0 unless the window is full of failures, else the milliseconds until the oldest ages out. */
    long blockedForMillis(String vm);

    /** After a refused {@link #reserve}: how long the VM should wait before its next PIN. */
    long retryAfterMillis(String vm);

    /** The VM's wrong PINs in the window. */
    int recentFailures(String vm);
}
