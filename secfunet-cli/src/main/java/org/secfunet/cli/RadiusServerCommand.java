package org.secfunet.cli;

import java.io.IOException;
import org.secfunet.radius.server.RadiusServer;
import org.secfunet.radius.server.RadiusServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `secfunet radius_server --config FILE`: RADIUS with the EAP-TLS server (and its key) in cards. */
@Command(name = "radius_server", mixinStandardHelpOptions = true,
        description = {"A RADIUS server (RFC 2865/3579) whose EAP-TLS server runs in cards; Access-Accept carries MPPE keys from the card's MSK.",
                "Prints one \"ready\" line when listening; runs until stopped. See docs/radius.md."})
final class RadiusServerCommand implements Runnable {
    @Mixin
    RacsClientOptions racs;
    @Mixin
    ServiceOptions.Configured service;

    @Override
    public void run() {
        RadiusServerConfig c = UserInput.parse(() -> RadiusServerConfig.load(service.config));
        // the server reads the client secrets the config names
        try (RadiusServer server = UserInput.parse(() -> new RadiusServer(c, racs.readers(), System::nanoTime)).start()) {
            service.readyUntilStopped("ready: radius_server on " + c.host() + ":" + server.port() + " (UDP) with "
                    + (c.onGrid() ? "the cards of pool " + c.grid().pool() + " on ZooKeeper as " + c.grid().name() : c.cards().size() + " card(s)") + " for "
                    + c.clients().size() + " client(s)"
                    + (server.metricsPort() > 0 ? ", metrics on http://" + c.metrics().listen().host() + ":" + server.metricsPort() + "/metrics" : ""));
            service.say("stopped: " + server.stats());
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
    }
}
