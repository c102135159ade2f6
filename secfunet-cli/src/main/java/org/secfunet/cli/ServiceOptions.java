package org.secfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every service command (racs_server, radius_server, s_hypervisor, auc) shares: {@code --debug},
 * {@code --for SECONDS}, and its life on standard output: one "ready" line once it listens, running
 * until stopped ({@link RunUntil}), one last line.
 */
class ServiceOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    @Mixin
    DebugOption debug;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until interrupted).")
    Integer seconds;

    /** Prints the "ready" line, then returns when the service is to stop (interrupted, or after --for). */
    void readyUntilStopped(String ready) {
        say(ready);
        RunUntil.stopped(seconds);
    }

    /** One line on standard output, flushed: scripts wait for these lines. */
    void say(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }

    /** A service configured by one TOML file: {@code --config FILE} too. */
    static final class Configured extends ServiceOptions {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The TOML configuration.")
        Path config;
    }
}
