package org.secfunet.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Keeps a service command running until it is interrupted (SIGTERM/SIGINT) or for a number of seconds. */
final class RunUntil {
    private final CountDownLatch stop = new CountDownLatch(1);

    private RunUntil() {
    }

    static void stopped(Integer seconds) {
        check(seconds, "--for must be 1..31536000 seconds");
        signalled().await(seconds);
    }

    /** A stop that SIGTERM/SIGINT (the JVM's shutdown) sets from now on. */
    static RunUntil signalled() {
        RunUntil r = new RunUntil();
        Runtime.getRuntime().addShutdownHook(new Thread(r.stop::countDown, "secfunet-stop"));
        return r;
    }

    /** A limit in seconds is 1 second to a year (none: until stopped); else the given usage error. */
    static void check(Integer seconds, String message) {
        if (seconds != null && (seconds < 1 || seconds > 31_536_000)) {
            throw new UserException(message, Errors.USAGE);
        }
    }

    /** Waits until stopped or, with a limit, for that many seconds; false when the thread was interrupted instead. */
    boolean await(Integer seconds) {
        try {
            if (seconds == null) {
                stop.await();
            } else {
                stop.await(seconds, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
