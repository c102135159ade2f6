package org.secfunet.tls;

import java.util.concurrent.TimeUnit;

/** Stopping the processes the tests start (openssl s_server, s_client), shared with the grid's tests. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** TERM, up to 5 s, then KILL; interrupted, it kills at once and keeps the interrupt set. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
