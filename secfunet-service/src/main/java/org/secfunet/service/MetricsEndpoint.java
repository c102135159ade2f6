package org.secfunet.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A service's Prometheus text endpoint: {@code GET /metrics} on its own port, with an optional
 * bearer token that is required when the port is reachable from other hosts. Started and stopped
 * by the service that owns it.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Connections queued before the kernel refuses more. */
    private static final int BACKLOG = 16;

    /** Where to listen and the token clients present ({@code null}: none, loopback only). */
    public record Settings(HostPort listen, SecretSpec token) {

        /**
         * From a config's {@code metrics = "HOST:PORT"} and {@code metrics_token = "env:|file:|pass:"}
         * (relative to {@code base}); null when {@code metrics} is absent.
         */
        public static Settings parse(String metrics, String token, Path base) {
            if (metrics == null) {
                if (token != null) {
                    throw new IllegalArgumentException("metrics_token is given but metrics (HOST:PORT) is not");
                }
                return null;
            }
            HostPort listen = HostPort.parseListen(metrics, "metrics");
            SecretSpec secret;
            try {
                secret = token == null ? null : new SecretSpec(token, base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metrics_token: " + e.getMessage());
            }
            if (secret == null && !loopback(listen.host())) {
                throw new IllegalArgumentException("metrics on " + listen
                        + " is reachable from other hosts: give metrics_token (clients send it as a Bearer token) or listen on loopback");
            }
            return new Settings(listen, secret);
        }

        private static boolean loopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("metrics host '" + host + "' does not resolve");
            }
        }
    }

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private MetricsEndpoint(HttpServer http) {
        this.http = http;
    }

    /** Serves {@code scrape()} (Prometheus text format 0.0.4) on {@code settings.listen()}. */
    public static MetricsEndpoint start(Settings settings, Supplier<String> scrape) throws IOException {
        byte[] expected = null;
        if (settings.token() != null) {
            char[] t = settings.token().read();
            expected = ("Bearer " + new String(t)).getBytes(StandardCharsets.UTF_8);
            java.util.Arrays.fill(t, '\0');
        }
        byte[] token = expected;
        HttpServer http = HttpServer.create(settings.listen().socketAddress(), BACKLOG);
        http.createContext("/metrics", ex -> {
            try (ex) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (token != null && (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8)))) {
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                if ("HEAD".equals(ex.getRequestMethod())) {
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        MetricsEndpoint endpoint = new MetricsEndpoint(http);
        http.setExecutor(endpoint.executor);
        http.start();
        return endpoint;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
