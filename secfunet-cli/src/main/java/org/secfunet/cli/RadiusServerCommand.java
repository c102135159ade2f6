package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.secfunet.radius.server.RadiusServer;
import org.secfunet.radius.server.RadiusServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet radius_server --config FILE`: RADIUS with the EAP-TLS server (and its key) in cards. */
@Command(name = "radius_server", mixinStandardHelpOptions = true,
        description = {"A RADIUS server (RFC 2865/3579) whose EAP-TLS server runs in cards; Access-Accept carries MPPE keys from the card's MSK.",
                "Prints one \"ready\" line when listening; runs until stopped. See docs/radius.md."})
final class RadiusServerCommand implements Runnable {
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
        RadiusServerConfig c = RadiusServerConfig.load(config);
        PrintWriter out = spec.commandLine().getOut();
        try (RadiusServer server = new RadiusServer(c).start()) {
            out.println("ready: radius_server on " + c.host() + ":" + server.port() + " (UDP) with " + c.cards().size() + " card(s) for "
                    + c.clients().size() + " client(s)"
                    + (server.metricsPort() > 0 ? ", metrics on http://" + c.metrics().listen().host() + ":" + server.metricsPort() + "/metrics" : ""));
            out.flush();
            RunUntil.stopped(seconds);
            out.println("stopped: " + server.stats());
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
        out.flush();
    }
}
