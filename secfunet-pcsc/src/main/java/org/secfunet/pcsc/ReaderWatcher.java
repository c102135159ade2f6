package org.secfunet.pcsc;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows card insertion/removal and reader arrival/departure, and survives a PC/SC service
 * restart. It polls with non-blocking status queries every poll interval instead of blocking in
 * {@code waitForChange}: javax.smartcardio shares one PC/SC context per process, and a blocking
 * status wait on it makes other threads' connects fail (SCARD_E_NO_SERVICE). Polling also sees
 * readers plugged in later (javax.smartcardio has no PnP notification). Events go to the sink on
 * the watcher's thread.
 */
public final class ReaderWatcher implements AutoCloseable {
    private final PcscReaders readers;
    private final Consumer<ReaderEvent> sink;
    private final Duration poll;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch firstScan = new java.util.concurrent.CountDownLatch(1);
    private Map<String, Boolean> known;
    private boolean serviceDown;

    /**
     * @param initial when true, the readers and cards present at start are reported as added/inserted
     */
    public ReaderWatcher(PcscReaders readers, Consumer<ReaderEvent> sink, Duration poll, boolean initial) {
        this.readers = Objects.requireNonNull(readers);
        this.sink = Objects.requireNonNull(sink);
        if (poll.isNegative() || poll.isZero() || poll.toMillis() > 60_000) {
            throw new IllegalArgumentException("poll interval must be 1 ms .. 60 s");
        }
        this.poll = poll;
        this.clock = Clock.systemUTC();
        this.known = initial ? new LinkedHashMap<>() : null;
        this.thread = new Thread(this::run, "secfunet-reader-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching and returns once the first scan is done (at most 5 s or three poll intervals):
     * what is present then is the starting state, and every change after the return is reported.
     */
    public ReaderWatcher start() {
        thread.start();
        try {
            firstScan.await(Math.max(5_000, 3 * poll.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    private void run() {
        try {
            watch();
        } finally {
            firstScan.countDown(); // whatever ended the watch, start() no longer waits
        }
    }

    private void watch() {
        while (running) {
            try {
                scan();
                firstScan.countDown();
                sleep(poll.toMillis());
            } catch (RuntimeException e) {
                if (!serviceDown) {
                    serviceDown = true;
                    emit(ReaderEvent.Kind.SERVICE_LOST, e.getMessage(), null);
                }
                firstScan.countDown();
                sleep(poll.toMillis());
            }
        }
    }

    private void scan() {
        // presence only: connecting to every card on every poll would disturb the cards' users
        Map<String, Boolean> now = readers.presence();
        if (serviceDown) {
            serviceDown = false;
            emit(ReaderEvent.Kind.SERVICE_RESTORED, "", null);
        }
        if (known != null) {
            for (Map.Entry<String, Boolean> old : known.entrySet()) {
                if (!now.containsKey(old.getKey())) {
                    if (old.getValue()) {
                        emit(ReaderEvent.Kind.CARD_REMOVED, old.getKey(), null);
                    }
                    emit(ReaderEvent.Kind.READER_REMOVED, old.getKey(), null);
                }
            }
            for (Map.Entry<String, Boolean> cur : now.entrySet()) {
                Boolean before = known.get(cur.getKey());
                if (before == null) {
                    emit(ReaderEvent.Kind.READER_ADDED, cur.getKey(), null);
                }
                boolean was = before != null && before;
                if (cur.getValue() && !was) {
                    byte[] atr = readers.atr(cur.getKey());
                    for (int i = 0; atr == null && i < 5 && running; i++) {
                        sleep(50); // pcscd may still be powering the card: read the ATR again, a bounded number of times
                        atr = readers.atr(cur.getKey());
                    }
                    emit(ReaderEvent.Kind.CARD_INSERTED, cur.getKey(), atr);
                } else if (!cur.getValue() && was) {
                    emit(ReaderEvent.Kind.CARD_REMOVED, cur.getKey(), null);
                }
            }
        }
        known = now;
    }

    private void emit(ReaderEvent.Kind kind, String reader, byte[] atr) {
        try {
            sink.accept(new ReaderEvent(kind, reader, atr, clock.instant()));
        } catch (RuntimeException ignored) {
            // a failing sink must not stop the watcher
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the watcher and waits (bounded) for its thread. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(poll.toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
