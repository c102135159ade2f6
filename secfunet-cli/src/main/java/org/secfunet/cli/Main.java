package org.secfunet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code secfunet} command. Each subcommand parses, calls one library entry point, prints. */
@Command(name = "secfunet", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Smart cards (secure elements) for strong TLS authentication.",
        subcommands = {ReadersCommand.class, ApduCommand.class, VcardCommand.class, CardCommand.class, SScardCommand.class, RacsServerCommand.class, SHypervisorCommand.class, SVmCommand.class, RadiusServerCommand.class, EapolTestCommand.class, SimCommand.class, AucCommand.class, BenchCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main extends SubcommandGroup {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        Errors errors = new Errors(debug);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setExecutionStrategy(parsed -> {
            Integer unknown = UnknownCommand.check(parsed);
            return unknown != null ? unknown : new CommandLine.RunLast().execute(parsed);
        });
        return cl.execute(args);
    }
}
