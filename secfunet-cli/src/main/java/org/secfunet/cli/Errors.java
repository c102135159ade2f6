package org.secfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.secfunet.apdu.TransportException;
import org.secfunet.card.store.CardStoreException;
import picocli.CommandLine;

/**
 * One clear line and a non-zero exit for every failure; the stack trace only with {@code --debug}.
 * Exit codes: 1 a failure the user can act on (no reader, card gone, bad file), 2 bad command line,
 * 70 an internal error.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 70;

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
        boolean expected = e instanceof TransportException || e instanceof CardStoreException
                || e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof UserException || e instanceof IllegalStateException
                || e instanceof org.secfunet.grid.racs.RacsConfigException;
        if (expected) {
            err.println(cl.getCommandSpec().qualifiedName() + ": " + message(e));
            err.flush();
            return e instanceof UserException u ? u.exitCode() : FAILURE;
        }
        err.println(cl.getCommandSpec().qualifiedName() + ": internal error: " + message(e)
                + (debug ? "" : " (run with --debug for details)"));
        err.flush();
        return INTERNAL;
    }

    static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("secfunet " + cl.getCommandName() + ": " + e.getMessage());
        err.println("Try 'secfunet " + (cl.getCommandName().equals("secfunet") ? "" : cl.getCommandName() + " ") + "--help'.");
        err.flush();
        return USAGE;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }
}
