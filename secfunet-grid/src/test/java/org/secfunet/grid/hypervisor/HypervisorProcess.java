package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An s_hypervisor started as its own JVM ({@link HypervisorMain}, the test class path), so that a
 * test can kill it with SIGKILL ({@link #kill9()}) or stop and continue it (SIGSTOP/SIGCONT, a
 * pause longer than any GC's). Its output goes to files next to its configuration.
 */
final class HypervisorProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private HypervisorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code toml}'s hypervisor and waits (at most 60 s) until it listens. */
    static HypervisorProcess start(Path toml) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = toml.resolveSibling(toml.getFileName() + ".out");
        Path err = Path.of("target", "GridChaosIT-" + toml.getFileName() + ".log").toAbsolutePath(); // kept after the test
        Files.deleteIfExists(out);
        Files.createDirectories(err.getParent());
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp, HypervisorMain.class.getName(), toml.toString()))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (Files.exists(out)) {
                for (String line : Files.readAllLines(out)) {
                    if (line.startsWith("READY ")) {
                        return new HypervisorProcess(p, Integer.parseInt(line.substring(6).trim()));
                    }
                }
            }
            if (!p.isAlive()) {
                throw new IOException("the hypervisor process exited with " + p.exitValue() + "; see " + err);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("the hypervisor process did not listen within 60 s; see " + err);
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye to ZooKeeper or the RACS servers. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stops as in a very long GC pause. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start();
        if (!k.waitFor(5, TimeUnit.SECONDS)) {
            k.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        resume();
        process.getOutputStream().close();
        if (!process.waitFor(8, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
