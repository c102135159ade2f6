package org.secfunet.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** A word where a command of a group was expected names none: say so, suggest the closest, exit 2. */
final class UnknownCommand {
    private UnknownCommand() {
    }

    /** True when the first word {@code cl} could not match is where one of its subcommands belongs. */
    static boolean applies(CommandLine cl, List<String> unmatched) {
        return !cl.getSubcommands().isEmpty() && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-");
    }

    static boolean applies(UnmatchedArgumentException u) {
        return applies(u.getCommandLine(), u.getUnmatched());
    }

    /**
     * In the deepest command of a parse that also asked for help ({@code secfunet grid --help}), when
     * a word in it names no command: reports it and returns the exit code; else null (picocli
     * would print the help without complaining).
     */
    static Integer check(ParseResult parsed) {
        ParseResult p = parsed;
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        CommandLine cl = p.commandSpec().commandLine();
        return applies(cl, p.unmatched()) ? report(cl, p.unmatched().get(0)) : null;
    }

    static int report(CommandLine cl, String word) {
        List<String> commands = List.copyOf(cl.getSubcommands().keySet());
        List<String> close = new UnmatchedArgumentException(cl, List.of(word)).getSuggestions().stream()
                .filter(commands::contains).limit(1).toList();
        Errors.say(cl, "unknown command '" + word + "'" + (close.isEmpty() ? "" : " (did you mean '" + close.get(0) + "'?)"));
        Errors.tryHelp(cl);
        return Errors.USAGE;
    }
}
