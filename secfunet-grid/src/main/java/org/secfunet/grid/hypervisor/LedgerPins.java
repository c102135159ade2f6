package org.secfunet.grid.hypervisor;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.secfunet.coord.PinLedger;

/**
 * The wrong-PIN budget shared by every hypervisor of a grid, in ZooKeeper ({@link PinLedger}),
 * with {@link PinGuard}'s semantics: a refusal only because of tries in flight is asked again
 * (every {@link #POLL_MS}) until {@code waitMillis} is over. Coordination failures reach the
 * caller as {@link org.secfunet.coord.CoordinationException}s.
 */
final class LedgerPins implements PinBudget {
    /** How often a reservation refused only for tries in flight is asked again. */
    static final long POLL_MS = 100;

    private final PinLedger ledger;
    private final LongSupplier nanos;

    LedgerPins(PinLedger ledger, LongSupplier nanos) {
        this.ledger = ledger;
        this.nanos = nanos;
    }

    @Override
    public Attempt reserve(String vm, long waitMillis) throws InterruptedException {
        long end = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Optional<PinLedger.Try> t = ledger.reserve(vm);
            if (t.isPresent()) {
                PinLedger.Try got = t.get();
                return new Attempt() {
                    @Override
                    public void failed() {
                        got.failed();
                    }

                    @Override
                    public void close() {
                        got.close();
                    }
                };
            }
            long left = TimeUnit.NANOSECONDS.toMillis(end - nanos.getAsLong());
            if (left <= 0 || ledger.blockedForMillis(vm) > 0) {
                return null;
            }
            Thread.sleep(Math.min(POLL_MS, left));
        }
    }

    @Override
    public long blockedForMillis(String vm) {
        return ledger.blockedForMillis(vm);
    }

    @Override
    public long retryAfterMillis(String vm) {
        return ledger.retryAfterMillis(vm);
    }

    @Override
    public int recentFailures(String vm) {
        return ledger.recentFailures(vm);
    }
}
