package org.secfunet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands: run alone, it is a usage error that prints its usage,
 * which lists every subcommand (exit 2).
 */
abstract class SubcommandGroup implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        CommandLine cl = spec.commandLine();
        Errors.say(cl, spec.parent() == null ? "a command is required" : "a subcommand is required");
        cl.usage(cl.getErr());
        cl.getErr().flush();
        return Errors.USAGE;
    }
}
