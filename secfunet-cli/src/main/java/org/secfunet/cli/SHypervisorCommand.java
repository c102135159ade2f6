package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet s_hypervisor --config FILE`: VMs get TLS connections authenticated by their own cards. */
@Command(name = "s_hypervisor", mixinStandardHelpOptions = true,
        description = {"Serve VMs (mutually authenticated TLS clients) card-authenticated TLS connections: tunnel or hand-off.",
                "Prints one \"ready\" line when listening; runs until stopped. See docs/grid.md."})
final class SHypervisorCommand implements Runnable {
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
        HypervisorConfig c = HypervisorConfig.load(config);
        PrintWriter out = spec.commandLine().getOut();
        try (Hypervisor hv = new Hypervisor(c).start()) {
            out.println("ready: s_hypervisor on " + c.listen().host() + ":" + hv.port() + " with " + c.cards().size() + " card(s) for "
                    + c.vms().size() + " VM(s)" + (hv.metricsPort() > 0 ? ", metrics on http://" + c.metrics().listen().host() + ":" + hv.metricsPort() + "/metrics" : ""));
            out.flush();
            RunUntil.stopped(seconds);
        } catch (IOException e) {
            throw new UserException("cannot listen on " + c.listen() + ": " + e.getMessage());
        }
        out.println("stopped");
        out.flush();
    }
}
