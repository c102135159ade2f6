package org.secfunet.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** A real `openssl s_server -Verify 1` on a loopback port it binds itself (port 0), stopped by its owner. */
public final class OpensslServer implements AutoCloseable {
    public final int port;
    public final Process process;
    public final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT .*:(\\d+)$");

    /** Collects the output of {@code process} and waits until it listens (its ACCEPT line), for the port it bound. */
    private OpensslServer(Process process) throws InterruptedException {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "s_server-output");
        reader.setDaemon(true);
        reader.start();
        this.port = awaitListening();
    }

    /** s_server was given port 0: the port it bound is on its "ACCEPT 127.0.0.1:PORT" line, printed once it listens. */
    private int awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - deadline < 0) {
            for (String line : output) {
                Matcher m = ACCEPT.matcher(line.strip());
                if (m.matches()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("openssl s_server did not start: " + output);
    }

    public static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    /** Starts s_server with a server certificate from {@code pki}, trusting {@code clientCa} for client certificates. */
    public static OpensslServer start(Path dir, ThrowawayPki pki, ThrowawayPki clientCa, String version, boolean rev) throws Exception {
        return start(dir, pki, clientCa, version, rev, 1);
    }

    /** As above, serving {@code connections} connections one after the other; {@code version} "" allows 1.2 and 1.3. */
    public static OpensslServer start(Path dir, ThrowawayPki pki, ThrowawayPki clientCa, String version, boolean rev, int connections) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Path ca = dir.resolve("client-ca.pem");
        Files.writeString(cert, pem(s.certificate()));
        Files.writeString(key, pem(new JcaPKCS8Generator(s.key(), null).generate()));
        Files.writeString(ca, pem(clientCa.ca().certificate()));
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", cert.toString(),
                "-key", key.toString(), "-CAfile", ca.toString(), "-Verify", "1", "-verify_return_error", "-naccept", Integer.toString(connections)));
        if (!version.isEmpty()) {
            cmd.add("-tls" + version.replace('.', '_'));
        }
        if (rev) {
            cmd.add("-rev");
        }
        return new OpensslServer(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    public void typeOnConsole(String text) throws IOException {
        OutputStream o = process.getOutputStream();
        o.write(text.getBytes(StandardCharsets.US_ASCII));
        o.flush();
    }

    public boolean printed(String s) {
        return output.stream().anyMatch(l -> l.contains(s));
    }

    /**
     * Waits (at most {@code timeout}) until s_server has printed a line containing {@code s}: its output is read by
     * another thread, so a line may arrive a moment after the client saw the connection end.
     */
    public boolean awaitPrinted(String s, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!printed(s)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
