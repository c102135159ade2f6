package org.secfunet.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** Runs the CLI in process and captures what it prints. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs the CLI on another thread; what it has printed so far can be read while it runs. */
    static Running start(String... args) {
        // StringWriter writes to a StringBuffer: reading it while the command prints is safe
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Cli> done = new CompletableFuture<>();
        // its own thread, not the common pool (one thread on a 2-core machine)
        Thread.ofPlatform().name("cli " + String.join(" ", args)).daemon().start(() -> {
            try {
                int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
                done.complete(new Cli(code, out.toString(), err.toString()));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return new Running(out, err, done);
    }

    record Running(StringWriter outBuffer, StringWriter errBuffer, CompletableFuture<Cli> done) {
        String out() {
            return outBuffer.toString();
        }

        /** Waits (bounded) until the output so far satisfies the condition; fails if the command ends first or time runs out. */
        String awaitOut(String what, Duration max, Predicate<String> cond) throws InterruptedException {
            long end = System.nanoTime() + max.toNanos();
            while (true) {
                String now = out();
                if (cond.test(now)) {
                    return now;
                }
                if (done.isDone()) {
                    Cli c = done.join();
                    if (cond.test(c.out())) {
                        return c.out();
                    }
                    fail("the command ended (exit " + c.exit() + ") before " + what + "; out: " + c.out() + " err: " + c.err());
                }
                if (System.nanoTime() > end) {
                    fail("timed out after " + max.toMillis() + " ms waiting for " + what + "; out so far: " + now + " err: " + errBuffer);
                }
                Thread.sleep(20);
            }
        }
    }
}
