package org.secfunet.radius.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A foreground server process we did not write (hostapd, FreeRADIUS), its output kept, stopped by its owner. */
public final class LabProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final String name;

    private LabProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon().name(name + "-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (output.size() < 200_000) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Starts {@code command} in {@code dir} and waits (at most 15 s) for a line containing {@code ready}. */
    public static LabProcess start(String name, Path dir, String ready, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        LabProcess lp = new LabProcess(name, p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (lp.output.stream().anyMatch(l -> l.contains(ready))) {
                return lp;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        lp.close();
        throw new IOException(name + " did not start (no '" + ready + "'):\n" + lp.tail(40));
    }

    public List<String> output() {
        return output;
    }

    public boolean printed(String s) {
        return output.stream().anyMatch(l -> l.contains(s));
    }

    public String tail(int lines) {
        int n = output.size();
        return String.join("\n", output.subList(Math.max(0, n - lines), n));
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
