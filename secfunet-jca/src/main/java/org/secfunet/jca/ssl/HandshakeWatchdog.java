package org.secfunet.jca.ssl;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The shared timer that fails engine handshakes whose server went quiet past the deadline, so the
 * card is given back even when nobody calls the engine again. One daemon thread; cancelled entries
 * are removed at once.
 */
final class HandshakeWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private HandshakeWatchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("secfunet-handshake-deadline").unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static ScheduledFuture<?> schedule(Runnable r, long millis) {
        return TIMER.schedule(r, Math.max(1, millis), TimeUnit.MILLISECONDS);
    }
}
