package org.secfunet.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Keeps a service command running until it is interrupted (SIGTERM/SIGINT) or for a number of seconds. */
final class RunUntil {
    private RunUntil() {
    }

    static void stopped(Integer seconds) {
        if (seconds != null && (seconds < 1 || seconds > 31_536_000)) {
            throw new UserException("--for must be 1..31536000 seconds", Errors.USAGE);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "secfunet-stop"));
        try {
            if (seconds == null) {
                stop.await();
            } else {
                stop.await(seconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
