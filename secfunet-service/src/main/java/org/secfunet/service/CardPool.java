package org.secfunet.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A service's cards and who holds them (s_hypervisor per handshake, radius_server per EAP
 * conversation). A lease takes one free card of a list (a VM's cards, say), waiting
 * at most a bounded time in a bounded queue; otherwise {@link Busy}. A card that failed (removed,
 * reader or grid gone) is out of service until a probe finds it back. Time comes from an injectable
 * clock.
 */
public final class CardPool {
    public enum State { FREE, BUSY, OUT }

    /** No card of the list became free in time, or the queue was full. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    /** Every card of the list is out of service. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private static final class Slot {
        final String id;
        State state = State.FREE;
        String reason = "";
        long since;

        Slot(String id) {
            this.id = id;
        }
    }

    /** One card held by one request; release it, or report it failed, exactly once. */
    public final class Lease implements AutoCloseable {
        private final Slot slot;
        private final long queuedNanos;
        private boolean done;

        private Lease(Slot slot, long queuedNanos) {
            this.slot = slot;
            this.queuedNanos = queuedNanos;
        }

        public String cardId() {
            return slot.id;
        }

        public long queuedNanos() {
            return queuedNanos;
        }

        /** Takes the card out of service (it stays out until a probe succeeds). */
        public void fail(String reason) {
            finish(State.OUT, reason);
        }

        @Override
        public void close() {
            finish(State.FREE, "");
        }

        private void finish(State to, String reason) {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                slot.state = to;
                slot.reason = reason;
                slot.since = nanos.getAsLong();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final int maxWaiters;
    private final LongSupplier nanos;
    private int waiters;
    private int rotation;

    public CardPool(List<String> cardIds, int maxWaiters, LongSupplier nanos) {
        for (String id : cardIds) {
            slots.put(id, new Slot(id));
        }
        this.maxWaiters = maxWaiters;
        this.nanos = nanos;
    }

    /**
     * A free card among {@code ids}, waiting at most {@code waitMillis}.
     *
     * @throws Busy        the queue is full or the wait ran out
     * @throws Unavailable every card of the list is out of service
     */
    public Lease lease(List<String> ids, long waitMillis) throws InterruptedException {
        long start = nanos.getAsLong();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lock();
        try {
            boolean queued = false;
            try {
                while (true) {
                    Slot free = pick(ids);
                    if (free != null) {
                        free.state = State.BUSY;
                        free.since = nanos.getAsLong();
                        return new Lease(free, free.since - start);
                    }
                    if (ids.stream().map(slots::get).allMatch(s -> s.state == State.OUT)) {
                        List<String> why = new ArrayList<>();
                        ids.forEach(id -> why.add(id + ": " + slots.get(id).reason));
                        throw new Unavailable("no card in service (" + String.join("; ", why) + ")");
                    }
                    long left = deadline - nanos.getAsLong();
                    if (left <= 0) {
                        throw new Busy(queued ? "no card became free within " + waitMillis + " ms" : "every card is busy");
                    }
                    if (!queued) {
                        if (waiters >= maxWaiters) {
                            throw new Busy("every card is busy and " + waiters + " requests already wait");
                        }
                        waiters++;
                        queued = true;
                    }
                    changed.awaitNanos(left);
                }
            } finally {
                if (queued) {
                    waiters--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Slot pick(List<String> ids) {
        int n = ids.size();
        int first = Math.floorMod(rotation++, n);
        for (int i = 0; i < n; i++) {
            Slot s = slots.get(ids.get((first + i) % n));
            if (s.state == State.FREE) {
                return s;
            }
        }
        return null;
    }

    /** Tries every card out of service with {@code probe} (outside the lock); those that pass rejoin. Returns how many did. */
    public int probeOut(Predicate<String> probe) {
        List<String> out = new ArrayList<>();
        lock.lock();
        try {
            slots.values().stream().filter(s -> s.state == State.OUT).forEach(s -> out.add(s.id));
        } finally {
            lock.unlock();
        }
        int back = 0;
        for (String id : out) {
            if (probe.test(id)) {
                lock.lock();
                try {
                    Slot s = slots.get(id);
                    if (s.state == State.OUT) {
                        s.state = State.FREE;
                        s.reason = "";
                        back++;
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
        return back;
    }

    public State state(String id) {
        lock.lock();
        try {
            return slots.get(id).state;
        } finally {
            lock.unlock();
        }
    }

    public int waiting() {
        lock.lock();
        try {
            return waiters;
        } finally {
            lock.unlock();
        }
    }

    /** How many cards are in each state. */
    public Map<State, Integer> counts() {
        lock.lock();
        try {
            Map<State, Integer> m = new java.util.EnumMap<>(State.class);
            for (State st : State.values()) {
                m.put(st, 0);
            }
            slots.values().forEach(s -> m.merge(s.state, 1, Integer::sum));
            return m;
        } finally {
            lock.unlock();
        }
    }
}
