package org.secfunet.radius.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
    private final Thread reader;
    private volatile int port = -1;

    private LabProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name(name + "-output").start(() -> {
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
                lp.reader.join(2000); // its last lines (why it stopped) are still being read
                break;
            }
            Thread.sleep(20);
        }
        lp.close();
        throw new IOException(name + " did not start (no '" + ready + "'):\n" + lp.tail(40));
    }

    /** Starts a server on the loopback UDP port it is given. */
    @FunctionalInterface
    public interface OnPort {
        LabProcess start(int port) throws IOException, InterruptedException;
    }

    /**
     * Starts a server on a free loopback UDP port. The port is found free by binding and closing a
     * socket, so another process may take it before the server binds it: when the server then fails
     * to start because its address is in use, it is started again on a new port (at most 3 tries).
     */
    public static LabProcess onFreeUdpPort(OnPort starter) throws IOException, InterruptedException {
        IOException inUse = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int free;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                free = s.getLocalPort();
            }
            try {
                LabProcess lp = starter.start(free);
                lp.port = free;
                return lp;
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                inUse = e;
            }
        }
        throw inUse;
    }

    /** The UDP port it was started on by {@link #onFreeUdpPort}. */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException(name + " was not started by onFreeUdpPort: its port is the one it was given");
        }
        return port;
    }

    public List<String> output() {
        return output;
    }

    public boolean printed(String s) {
        return output.stream().anyMatch(l -> l.contains(s));
    }

    public String tail(int lines) {
        List<String> seen = List.copyOf(output); // a snapshot: the reader thread may add lines meanwhile (a subList view would throw)
        int n = seen.size();
        return String.join("\n", seen.subList(Math.max(0, n - lines), n));
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the process: TERM, up to 5 s, then KILL; interrupted, it kills at once and keeps the interrupt set. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
