package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.secfunet.apdu.CardStatusException;
import org.secfunet.apdu.TransportException;
import org.secfunet.card.store.CardStoreException;
import org.secfunet.coord.CoordinationException;
import org.secfunet.grid.racs.RacsConfigException;
import org.secfunet.pcsc.PinFormatException;
import org.secfunet.pcsc.part10.PinPadException;
import picocli.CommandLine;

/**
 * One clear line and a non-zero exit for every failure; the stack trace only with {@code --debug}.
 * Exit codes: 1 a failure the user can act on (no reader, card gone, card refused, bad file, ZooKeeper unreachable or refusing), 2 bad
 * command line, 70 an internal error: any exception not known to be a user mistake (an
 * {@link IllegalArgumentException} or {@link IllegalStateException} from a library is a bug;
 * commands turn the ones caused by user input into a {@link UserException} where they call the parser).
 */
final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 70;

    /** Failures of the world outside (card, reader, files, configs), not of this program: exit 1. */
    private static final List<Class<? extends Exception>> USER_FAILURES = List.of(
            TransportException.class, CardStoreException.class, IOException.class, UncheckedIOException.class,
            RacsConfigException.class, PinFormatException.class, CoordinationException.class, PinPadException.class);

    private final boolean debug;

    Errors(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (debug) {
            e.printStackTrace(err);
        }
        String user = userMessage(e);
        if (user != null) {
            say(cl, user);
            return e instanceof UserException u ? u.exitCode() : FAILURE;
        }
        say(cl, "internal error: " + message(e) + (debug ? "" : " (run with --debug for details)"));
        return INTERNAL;
    }

    /** The one line for a user's failure, or null when {@code e} is a bug. */
    private static String userMessage(Exception e) {
        if (e instanceof UserException) {
            return message(e);
        }
        if (e instanceof CardStatusException c) {
            return CardAdvice.message(c);
        }
        return USER_FAILURES.stream().anyMatch(t -> t.isInstance(e)) ? message(e) : null;
    }

    /** A bad command line: the message, where to find help, exit 2. */
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        if (e instanceof CommandLine.UnmatchedArgumentException u && UnknownCommand.applies(u)) {
            return UnknownCommand.report(cl, u.getUnmatched().get(0));
        }
        say(cl, e.getMessage());
        tryHelp(cl);
        return USAGE;
    }

    /** "secfunet card pin change: " + the line. */
    static void say(CommandLine cl, String line) {
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + line);
        err.flush();
    }

    static void tryHelp(CommandLine cl) {
        PrintWriter err = cl.getErr();
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
    }

    /** The exception's message on one line; a missing file says so (its message is only the path). */
    static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }
}
