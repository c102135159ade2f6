package org.secfunet.radius.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Warnings about what a peer can repeat at will (a dropped datagram, a refused start): per kind,
 * the first {@link #FIRST_LINES} are logged in full, then at most one summary line per
 * {@link #INTERVAL_SECONDS} with how many were not logged and the latest of them. A kind quiet
 * for a whole interval starts over with full lines. The service's counters hold the totals.
 */
final class ThrottledLog {
    /** Lines logged in full per kind before summaries take over. */
    static final int FIRST_LINES = 5;
    /** At most one summary line per kind in this many seconds. */
    static final long INTERVAL_SECONDS = 10;

    private static final class Budget {
        int logged;
        long suppressed;
        long lastLine;
        long lastEvent;
    }

    private final Logger log;
    private final LongSupplier nanos;
    private final long intervalNanos = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    ThrottledLog(Logger log, LongSupplier nanos) {
        this.log = log;
        this.nanos = nanos;
    }

    /** One event of {@code kind}, as a WARN line {@code format} with {@code args} (SLF4J style) if its budget allows. */
    void warn(String kind, String format, Object... args) {
        Budget b = budgets.computeIfAbsent(kind, k -> new Budget());
        long notLogged;
        synchronized (b) {
            long now = nanos.getAsLong();
            if (b.suppressed == 0 && b.logged > 0 && now - b.lastEvent > intervalNanos) {
                b.logged = 0; // a new burst after a quiet interval is worth seeing in full
            }
            b.lastEvent = now;
            if (b.logged < FIRST_LINES) {
                b.logged++;
                b.lastLine = now;
                notLogged = 0;
            } else {
                b.suppressed++;
                if (now - b.lastLine < intervalNanos) {
                    return;
                }
                notLogged = b.suppressed;
                b.suppressed = 0;
                b.lastLine = now;
            }
        }
        if (notLogged == 0) {
            log.warn(format, args);
        } else {
            log.warn("{} {} not logged one by one since the last line, the latest: {}", notLogged, kind,
                    MessageFormatter.arrayFormat(format, args).getMessage());
        }
    }
}
