package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Exit codes: 1 for what the user can fix, 70 and "internal error" for a bug. */
class ErrorsTest {
    @Command(name = "secfunet", subcommands = Boom.class)
    static final class Top implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "boom")
    static final class Boom implements Runnable {
        @CommandLine.Option(names = "--debug")
        boolean debug;
        @CommandLine.Option(names = "--kind")
        String kind;

        @Override
        public void run() {
            throw switch (kind) {
                case "state" -> new IllegalStateException("no card pool");
                case "argument" -> new IllegalArgumentException("chunk size out of range: 0");
                default -> new UserException("the user's mistake");
            };
        }
    }

    private static String[] run(boolean debug, String kind, int[] exit) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Top());
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new Errors(debug));
        exit[0] = debug ? cl.execute("boom", "--debug", "--kind", kind) : cl.execute("boom", "--kind", kind);
        return err.toString().lines().toArray(String[]::new);
    }

    @Test
    void anUnexpectedIllegalStateOrArgumentIsAnInternalError() {
        int[] exit = new int[1];
        assertThat(run(false, "state", exit)).containsExactly("secfunet boom: internal error: no card pool (run with --debug for details)");
        assertThat(exit[0]).isEqualTo(70);
        assertThat(run(false, "argument", exit)).containsExactly("secfunet boom: internal error: chunk size out of range: 0 (run with --debug for details)");
        assertThat(exit[0]).isEqualTo(70);
        String[] debug = run(true, "state", exit);
        assertThat(exit[0]).isEqualTo(70);
        assertThat(debug[0]).startsWith("java.lang.IllegalStateException: no card pool");
        assertThat(debug).anySatisfy(l -> assertThat(l).startsWith("\tat "));
        assertThat(debug[debug.length - 1]).isEqualTo("secfunet boom: internal error: no card pool");
    }

    @Test
    void aUserMistakeIsOneLineAndExitOne() {
        int[] exit = new int[1];
        assertThat(run(false, "user", exit)).containsExactly("secfunet boom: the user's mistake");
        assertThat(exit[0]).isEqualTo(1);
    }
}
