package org.secfunet.jca.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * A real nginx (the Debian package) on a loopback port, demanding a client certificate
 * ({@code ssl_verify_client on}) and answering every request with
 * {@code "<$ssl_client_s_dn>|<$ssl_protocol>"}: the peer the provider's tests and benchmark talk to.
 * One foreground process with no master ({@code daemon off; master_process off}), so its owner
 * stops it by its PID; no session cache and no tickets, so every connection is a full handshake;
 * {@code keepalive_timeout 0}, so every request is a new connection. Not part of the provider: a lab,
 * as the TLS module's embedded demo server is.
 */
public final class NginxLab implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Process process;
    private final int port;
    private final Path dir;

    private NginxLab(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The nginx binary, or null when nginx is not installed. */
    public static Path binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /**
     * Starts nginx in {@code dir} (its configuration, certificates, logs) with the server credential
     * {@code server}, trusting {@code clientCa} for client certificates, allowing {@code protocols}
     * (nginx's syntax: "TLSv1.2 TLSv1.3"). Waits (at most 10 s) until it accepts connections.
     */
    public static NginxLab start(Path dir, ThrowawayPki.Credential server, X509Certificate clientCa, String protocols) throws IOException, InterruptedException {
        return start(dir, server, clientCa, protocols, false);
    }

    /** As above; {@code http2}: HTTP/2 offered too (chosen by ALPN when the client offers h2). */
    public static NginxLab start(Path dir, ThrowawayPki.Credential server, X509Certificate clientCa, String protocols, boolean http2)
            throws IOException, InterruptedException {
        Path nginx = binary();
        if (nginx == null) {
            throw new IllegalStateException("nginx is not installed (apt-get install nginx)");
        }
        Files.createDirectories(dir.resolve("tmp"));
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        server.writePem(cert, key);
        Path ca = dir.resolve("client-ca.pem");
        Files.writeString(ca, ThrowawayPki.pem(clientCa));
        int port = freePort();
        String tmp = dir.resolve("tmp").toString();
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    keepalive_timeout 0;
                    server {
                        listen 127.0.0.1:%3$d ssl%8$s;
                        ssl_certificate %4$s;
                        ssl_certificate_key %5$s;
                        ssl_client_certificate %6$s;
                        ssl_verify_client on;
                        ssl_verify_depth 3;
                        ssl_protocols %7$s;
                        ssl_session_cache off;
                        ssl_session_tickets off;
                        location / {
                            default_type text/plain;
                            return 200 "$ssl_client_s_dn|$ssl_protocol\\n";
                        }
                    }
                }
                """.formatted(dir, tmp, port, cert, key, ca, protocols, http2 ? " http2" : "");
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", confFile.toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxLab lab = new NginxLab(p, port, dir);
        try {
            lab.awaitListening(Duration.ofSeconds(10));
        } catch (IOException | RuntimeException | InterruptedException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private void awaitListening(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within " + limit.toSeconds() + " s: " + log());
    }

    /** The tail of nginx's error log and output, for failure messages. */
    public String log() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("error.log", "stdout.log")) {
            try {
                String s = Files.readString(dir.resolve(f));
                b.append(s, Math.max(0, s.length() - 2000), s.length());
            } catch (IOException ignored) {
                // not written
            }
        }
        return b.toString().strip();
    }

    public int port() {
        return port;
    }

    /** {@code https://localhost:PORT/} (the server certificate names localhost). */
    public URI uri() {
        return URI.create("https://localhost:" + port + "/");
    }

    public long pid() {
        return process.pid();
    }

    /** Stops nginx (TERM, then KILL after 5 s) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
