package org.secfunet.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code secfunet} command. Each subcommand parses, calls one library entry point, prints. */
@Command(name = "secfunet", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Smart cards (secure elements) for strong TLS authentication.")
public final class Main extends SubcommandGroup {
    /** The subcommands, in the order of the usage text (a holder: --version loads none of them). */
    private static final class Commands {
        static final List<Class<?>> ALL = List.of(ReadersCommand.class, ApduCommand.class, VcardCommand.class, CardCommand.class,
            SScardCommand.class, RacsServerCommand.class, SHypervisorCommand.class, SVmCommand.class, GridCommand.class, RadiusServerCommand.class,
            EapolTestCommand.class, SimCommand.class, AucCommand.class, BenchCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli prints for the standard version option, without building the command tree
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return 0;
        }
        CommandLine cl = new CommandLine(new Main());
        addSubcommands(cl, args.length == 0 ? null : args[0]);
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

    /**
     * Adds the subcommand {@code word} names, or every subcommand when it names none (an option,
     * {@code help}, a typo that needs the others for its suggestion): picocli builds a command's model
     * by reflection, and the commands not invoked need none.
     */
    private static void addSubcommands(CommandLine cl, String word) {
        for (Class<?> c : Commands.ALL) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(word)) {
                cl.addSubcommand(c);
                return;
            }
        }
        Commands.ALL.forEach(cl::addSubcommand);
    }
}
