package org.secfunet.cli;

import java.io.IOException;
import org.secfunet.grid.hypervisor.Hypervisor;
import org.secfunet.grid.hypervisor.HypervisorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `secfunet s_hypervisor --config FILE`: VMs get TLS connections authenticated by their own cards. */
@Command(name = "s_hypervisor", mixinStandardHelpOptions = true,
        description = {"Serve VMs (mutually authenticated TLS clients) card-authenticated TLS connections: tunnel or hand-off.",
                "Prints one \"ready\" line when listening; runs until stopped. See docs/grid.md."})
final class SHypervisorCommand implements Runnable {
    @Mixin
    ServiceOptions.Configured service;

    @Override
    public void run() {
        HypervisorConfig c = UserInput.parse(() -> HypervisorConfig.load(service.config));
        try (Hypervisor hv = UserInput.parse(() -> new Hypervisor(c)).start()) { // reads the credentials the config names
            service.readyUntilStopped("ready: s_hypervisor on " + c.listen().host() + ":" + hv.port() + served(c, hv)
                    + (hv.metricsPort() > 0 ? ", metrics on http://" + c.metrics().listen().host() + ":" + hv.metricsPort() + "/metrics" : ""));
        } catch (IOException e) {
            throw new UserException("cannot listen on " + c.listen() + ": " + e.getMessage());
        }
        service.say("stopped");
    }

    /** What the ready line says is served: the grid's bindings on ZooKeeper, else the config's cards and VMs. */
    static String served(HypervisorConfig c, Hypervisor hv) {
        if (c.zookeeper() == null) {
            return " with " + c.cards().size() + " card(s) for " + c.vms().size() + " VM(s)";
        }
        int bound = hv.gridBindings();
        return " on the grid (ZooKeeper) with " + (bound < 0 ? "?" : String.valueOf(bound)) + " VM(s) bound";
    }
}
