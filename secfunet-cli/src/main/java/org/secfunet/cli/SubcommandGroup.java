package org.secfunet.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run alone, it is a usage error that names them. */
abstract class SubcommandGroup implements Runnable {
    @Spec
    CommandSpec spec;
    private final String choose;

    SubcommandGroup(String choose) {
        this.choose = choose;
    }

    @Override
    public final void run() {
        throw new ParameterException(spec.commandLine(), choose);
    }
}
