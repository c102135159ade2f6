package org.secfunet.cli;

import java.io.IOException;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `secfunet racs_server --config FILE`: this machine's cards on the network (RACS over mutual TLS). */
@Command(name = "racs_server", mixinStandardHelpOptions = true,
        description = {"Expose this machine's cards (PC/SC readers, software cards) over RACS (draft-urien-core-racs) with mutual TLS.",
                "Prints one \"ready\" line when listening; runs until stopped. See docs/racs.md."})
final class RacsServerCommand implements Runnable {
    @Mixin
    ServiceOptions.Configured service;

    @Override
    public void run() {
        RacsServerConfig c = RacsServerConfig.load(service.config);
        try (RacsServer server = new RacsServer(c).start()) {
            service.readyUntilStopped("ready: racs_server on " + c.listenHost() + ":" + server.port() + " with " + c.secureElements().size() + " SE(s)");
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
        service.say("stopped");
    }
}
