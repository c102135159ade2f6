package org.secfunet.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Log levels a command sets for its run (the libraries' logging goes to standard error). */
final class Logs {
    private Logs() {
    }

    /** {@code logger} and its children log at {@code level} and above only. */
    static void atLeast(String logger, Level level) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(level);
    }
}
