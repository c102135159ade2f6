package org.secfunet.grid.racs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.secfunet.tls.ChildProcesses;

/**
 * A real {@code openssl s_client -quiet} connected to a RACS server: script lines go to its stdin,
 * reply lines come from its stdout. Every wait is bounded; closing kills the process.
 */
final class OpensslClient implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();

    private OpensslClient(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(process.getInputStream(), stdout::add), "s_client-stdout");
        Thread err = new Thread(() -> pump(process.getErrorStream(), stderr::add), "s_client-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    private static void pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String line; (line = r.readLine()) != null; ) {
                sink.accept(line);
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            sink.accept(EOF);
        }
    }

    /** Whether an {@code openssl} executable is on the PATH. */
    static boolean installed() {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, "openssl")));
    }

    /** Connects with a client certificate {@code cert}/{@code key}, or none when they are null. */
    static OpensslClient connect(int port, Path cert, Path key, Path ca) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile", ca.toString(), "-quiet"));
        if (cert != null) {
            cmd.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
        }
        return new OpensslClient(new ProcessBuilder(cmd).start());
    }

    void send(String... lines) throws IOException {
        OutputStream o = process.getOutputStream();
        o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
    }

    /** The next stdout line, or null when none came within the timeout or the process ended. */
    String line(long timeoutMillis) throws InterruptedException {
        String l = stdout.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (EOF.equals(l)) {
            stdout.add(EOF);
            return null;
        }
        return l;
    }

    /** One RACS response, BEGIN to END, within the timeout; throws with what arrived otherwise. */
    List<String> response(long timeoutMillis) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        if (!collect(lines, timeoutMillis, l -> l.startsWith("BEGIN"), "END"::equals)) {
            throw new AssertionError("no complete RACS response within " + timeoutMillis + " ms; got " + lines + "; stderr " + stderr);
        }
        return lines;
    }

    /**
     * Adds the stdout lines that come within the timeout to {@code into}, from the first that {@code first}
     * accepts; true once a line {@code last} accepts is added, false when time or output runs out before.
     */
    private boolean collect(List<String> into, long timeoutMillis, Predicate<String> first, Predicate<String> last)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            String l = left > 0 ? line(left) : null;
            if (l == null) {
                return false;
            }
            if (into.isEmpty() && !first.test(l)) {
                continue;
            }
            into.add(l);
            if (last.test(l)) {
                return true;
            }
        }
    }

    /** Runs one script (lines between BEGIN and END) and returns its response. */
    List<String> run(String... lines) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>();
        all.add("BEGIN");
        all.addAll(List.of(lines));
        all.add("END");
        send(all.toArray(String[]::new));
        return response(15_000);
    }

    /** Every stdout line until the process ends or the timeout passes. */
    List<String> drain(long timeoutMillis) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        collect(lines, timeoutMillis, l -> true, l -> false);
        return lines;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
