package org.secfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.card.VcardServer;
import org.secfunet.card.store.CardStore;
import org.secfunet.pcsc.vpcd.VpcdBridge;
import org.secfunet.service.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "vcard", mixinStandardHelpOptions = true,
        description = {"Serve software cards to pcscd through vpcd until stopped (one \"ready\" line per card).",
                "Card i goes to vpcd port PORT+i unless several --vpcd are given."},
        subcommands = VcardCommand.Create.class)
final class VcardCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DebugOption debug;

    @Option(names = "--store", arity = "1..*", paramLabel = "FILE", description = "Card store file(s).")
    List<Path> stores;

    @Option(names = "--vpcd", paramLabel = "HOST:PORT", description = "vpcd endpoint(s) (default localhost:35963).")
    List<String> vpcd;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until interrupted).")
    Integer seconds;

    @Option(names = "--no-quickack", description = "Do not re-arm TCP_QUICKACK (only to measure the ~44 ms per APDU it saves with Debian's vpcd).")
    boolean noQuickAck;

    @Override
    public void run() {
        List<VcardServer.Slot> slots = slots();
        PrintWriter out = spec.commandLine().getOut();
        try (VcardServer server = new VcardServer(slots, new VpcdBridge.Options(!noQuickAck), (slot, state) -> report(out, slot, state))) {
            RunUntil stop = RunUntil.signalled();
            server.start();
            stop.await(seconds);
        }
        out.println("stopped");
        out.flush();
    }

    private static void report(PrintWriter out, VcardServer.Slot slot, VpcdBridge.State state) {
        String card = slot.store().getFileName() + " on vpcd " + slot.host() + ":" + slot.port();
        switch (state) {
            case READY -> out.println("ready: " + card);
            case DISCONNECTED -> out.println("disconnected: " + card + " (reconnecting)");
            default -> {
                return;
            }
        }
        out.flush();
    }

    private List<VcardServer.Slot> slots() {
        if (stores == null || stores.isEmpty()) {
            throw new UserException("give at least one --store FILE (create one with: secfunet vcard create FILE)", Errors.USAGE);
        }
        RunUntil.check(seconds, "--for must be at least 1 second");
        List<String> endpoints = vpcd == null || vpcd.isEmpty() ? List.of("localhost:35963") : vpcd;
        if (endpoints.size() != 1 && endpoints.size() != stores.size()) {
            throw new UserException("give one --vpcd (ports counted up from it) or one per --store (" + stores.size() + ")", Errors.USAGE);
        }
        List<VcardServer.Slot> out = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            String ep = endpoints.size() == 1 ? endpoints.get(0) : endpoints.get(i);
            HostPort at = HostPortOption.parse(ep, "--vpcd");
            int port = at.port() + (endpoints.size() == 1 ? i : 0);
            if (port > HostPort.MAX_PORT) {
                throw new UserException("vpcd port " + port + " is outside 1.." + HostPort.MAX_PORT, Errors.USAGE);
            }
            out.add(new VcardServer.Slot(stores.get(i), at.host(), port));
        }
        return out;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a new software card store (test applet, or a SIM/USIM card with --sim).")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        DebugOption debug;

        @Parameters(index = "0", paramLabel = "FILE", description = "The store file to create (must not exist).")
        Path file;

        @Option(names = "--label", defaultValue = "secfunet test card", description = "Card label (default: ${DEFAULT-VALUE}).")
        String label;

        @Option(names = "--pin", paramLabel = "SOURCE", description = "User PIN: pass:TEXT, env:VAR, file:PATH or stdin (prompted when absent).")
        String pin;

        @Option(names = "--sim", paramLabel = "PROFILE", description = "Create a SIM/USIM card personalised from this TOML profile (see docs/sim.md); the PIN comes from the profile.")
        Path sim;

        @Override
        public void run() {
            if (sim != null) {
                if (pin != null) {
                    throw new UserException("--pin does not apply to --sim: the PIN is in the profile", Errors.USAGE);
                }
                org.secfunet.card.sim.SimProfile profile;
                try {
                    profile = org.secfunet.card.sim.SimProfile.load(sim);
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage(), Errors.USAGE);
                }
                org.secfunet.card.sim.SimCards.create(file, profile);
                spec.commandLine().getOut().println("created " + file + " (SIM/USIM card, IMSI " + profile.imsi() + ")");
                return;
            }
            char[] p = SecretSource.read(pin, "--pin", "New card PIN: ");
            try {
                CardStore.create(file, label, p);
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
            spec.commandLine().getOut().println("created " + file + " (" + label + ")");
        }
    }
}
