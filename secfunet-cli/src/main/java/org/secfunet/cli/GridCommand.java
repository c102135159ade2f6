package org.secfunet.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import org.secfunet.coord.Binding;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridAdmin;
import org.secfunet.coord.GridStatus;
import org.secfunet.coord.Znodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `secfunet grid …`: the grid on ZooKeeper: VM bindings and the grid's status (docs/grid.md, "secfunet grid"). */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = "Manage the grid on ZooKeeper: bind VMs to SEs, import a hypervisor's bindings, show the grid (see docs/grid.md).",
        subcommands = {GridCommand.Bind.class, GridCommand.Unbind.class, GridCommand.Import.class, GridPoolCommand.class,
                GridCommand.Status.class})
final class GridCommand extends SubcommandGroup {
    /** {@code --zookeeper FILE} and {@code --debug}: what every grid command shares. */
    static final class Zk {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        @Mixin
        DebugOption debug;
        @Option(names = "--zookeeper", required = true, paramLabel = "FILE",
                description = {"A TOML file with a [zookeeper] table (connect, user, password, ...):",
                        "a dedicated file, or an s_hypervisor/racs_server config that has one (its other keys are ignored)."})
        Path file;

        /** The settings of the file (exit 1 on a bad file), before anything is connected. */
        CoordSettings settings() {
            return UserInput.parse(() -> GridAdmin.settings(file));
        }

        /** A connected admin session (exit 1: ZooKeeper unreachable, wrong password, unreadable password source). */
        GridAdmin open(CoordSettings s) {
            if (!debug.debug) { // a one-shot command: ZooKeeper's reconnect warnings would bury its one line
                Logs.atLeast("org.apache.zookeeper", Level.ERROR);
                Logs.atLeast("org.apache.curator", Level.ERROR);
                Logs.atLeast("org.secfunet.coord", Level.WARN);
            }
            return UserInput.parse(() -> GridAdmin.open(s, Clock.systemUTC()));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A library check of what the user typed: its one line, exit 2. */
    private static <T> T option(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Errors.USAGE);
        }
    }

    @Command(name = "bind", mixinStandardHelpOptions = true,
            description = "Bind a VM to its SEs (replacing its binding); refused when an SE is bound to another VM.")
    static final class Bind implements Runnable {
        @Mixin
        Zk zk;
        @Option(names = "--vm", required = true, paramLabel = "NAME", description = "The VM (the CN of its certificate).")
        String vm;
        @Option(names = "--se", required = true, split = ",", paramLabel = "SEID", description = "Its SEs (repeated or comma-separated).")
        List<String> ses;
        @Option(names = "--modes", split = ",", paramLabel = "MODE", description = "tunnel, handoff (default: both).")
        List<String> modes;
        @Option(names = "--targets", split = ",", paramLabel = "HOST:PORT", description = "The servers it may reach (default: any).")
        List<String> targets;

        @Override
        public void run() {
            Binding b = option(() -> new Binding(vm, ses, modes == null ? null : new LinkedHashSet<>(modes),
                    targets == null ? null : new LinkedHashSet<>(targets)));
            CoordSettings s = zk.settings();
            try (GridAdmin admin = zk.open(s)) {
                Binding done = admin.bind(b);
                zk.out().println("bound vm " + done.vm() + " to " + String.join(",", done.seids()) + " (modes " + String.join(",", done.modes())
                        + ", targets " + (done.targets().isEmpty() ? "any" : String.join(",", done.targets())) + ")");
            }
        }
    }

    @Command(name = "unbind", mixinStandardHelpOptions = true, description = "Remove a VM's binding and free its SEs.")
    static final class Unbind implements Runnable {
        @Mixin
        Zk zk;
        @Option(names = "--vm", required = true, paramLabel = "NAME", description = "The VM.")
        String vm;

        @Override
        public void run() {
            option(() -> Znodes.checkVm(vm));
            CoordSettings s = zk.settings();
            try (GridAdmin admin = zk.open(s)) {
                if (!admin.unbind(vm)) {
                    throw new UserException("vm " + vm + " has no binding (see: secfunet grid status --zookeeper " + zk.file + ")");
                }
                zk.out().println("unbound vm " + vm);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Bind the [[vm]]s of an s_hypervisor TOML file to the SEIDs of its racs:// [[card]]s (PINs are not read).",
                    "The file is checked whole first; then each VM is one transaction."})
    static final class Import implements Runnable {
        @Mixin
        Zk zk;
        @Parameters(index = "0", paramLabel = "FILE", description = "The s_hypervisor TOML file.")
        Path file;

        @Override
        public void run() {
            CoordSettings s = zk.settings();
            try (GridAdmin admin = zk.open(s)) {
                List<Binding> done = UserInput.parse(() -> admin.importToml(file));
                for (Binding b : done) {
                    zk.out().println("bound vm " + b.vm() + " to " + String.join(",", b.seids()));
                }
                zk.out().println("imported " + done.size() + " VM binding(s) from " + file);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the RACS servers, the SEs (server, health, lock holder, VM), the VMs' bindings and the radius_server pools.")
    static final class Status implements Runnable {
        @Mixin
        Zk zk;
        @Option(names = "--json", description = "Machine-readable JSON (fields in docs/grid.md).")
        boolean json;

        @Override
        public void run() {
            CoordSettings s = zk.settings();
            try (GridAdmin admin = zk.open(s)) {
                GridStatus st = admin.status();
                zk.out().print(json ? st.json() : st.text());
                zk.out().flush();
            }
        }
    }
}
