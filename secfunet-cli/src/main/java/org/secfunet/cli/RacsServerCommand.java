package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet racs_server --config FILE`: this machine's cards on the network (RACS over mutual TLS). */
@Command(name = "racs_server", mixinStandardHelpOptions = true,
        description = {"Expose this machine's cards (PC/SC readers, software cards) over RACS (draft-urien-core-racs) with mutual TLS.",
                "Prints one \"ready\" line when listening; runs until stopped. See docs/racs.md."})
final class RacsServerCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DebugOption debug;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The TOML configuration.")
    Path config;
    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until interrupted).")
    Integer seconds;

    @Override
    public void run() {
        RacsServerConfig c = RacsServerConfig.load(config);
        PrintWriter out = spec.commandLine().getOut();
        try (RacsServer server = new RacsServer(c).start()) {
            out.println("ready: racs_server on " + c.listenHost() + ":" + server.port() + " with " + c.secureElements().size() + " SE(s)");
            out.flush();
            RunUntil.stopped(seconds);
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
        out.println("stopped");
        out.flush();
    }
}
