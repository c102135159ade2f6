package org.secfunet.service;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's Prometheus text endpoint: {@code GET /metrics} on its own port, with an optional
 * bearer token that is required when the port is reachable from other hosts. Started and stopped
 * by the service that owns it. Bounded: at most {@link #MAX_CONNECTIONS} connections at once
 * (more are closed at once), each closed {@link #CONNECTION_DEADLINE_MILLIS} after it was
 * accepted whatever it still sends or reads, request heads capped at
 * {@link MetricsHttp#MAX_HEAD_BYTES}; one request per connection.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
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

    /** Connections served at once; more are closed as soon as they are accepted. */
    static final int MAX_CONNECTIONS = 8;
    /** From accept to the last byte of the response, however slowly the client sends or reads. */
    static final long CONNECTION_DEADLINE_MILLIS = 5_000;
    private static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerSocket listener;
    private final Supplier<String> scrape;
    private final byte[] token;
    private final long deadlineMillis;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "secfunet-metrics-deadline");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;

    private MetricsEndpoint(ServerSocket listener, Supplier<String> scrape, byte[] token, long deadlineMillis) {
        this.listener = listener;
        this.scrape = scrape;
        this.token = token;
        this.deadlineMillis = deadlineMillis;
    }

    /** Serves {@code scrape()} (Prometheus text format 0.0.4) on {@code settings.listen()}. */
    public static MetricsEndpoint start(Settings settings, Supplier<String> scrape) throws IOException {
        return start(settings, scrape, CONNECTION_DEADLINE_MILLIS);
    }

    static MetricsEndpoint start(Settings settings, Supplier<String> scrape, long deadlineMillis) throws IOException {
        byte[] expected = null;
        if (settings.token() != null) {
            char[] t = settings.token().read();
            expected = ("Bearer " + new String(t)).getBytes(StandardCharsets.UTF_8);
            java.util.Arrays.fill(t, '\0');
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(settings.listen().socketAddress(), BACKLOG);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(ss, scrape, expected, deadlineMillis);
        AcceptLoop loop = new AcceptLoop("metrics endpoint " + settings.listen(), ss::accept, endpoint::admit, () -> endpoint.closing,
                LOG::warn);
        Thread.ofPlatform().name("secfunet-metrics-accept").daemon().start(loop);
        return endpoint;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections being served now. */
    int connections() {
        return MAX_CONNECTIONS - slots.availablePermits();
    }

    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        deadlines.shutdownNow();
    }

    private void admit(Socket s) {
        if (!slots.tryAcquire()) {
            AcceptLoop.closeQuietly(s);
            return;
        }
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> AcceptLoop.closeQuietly(s), deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            slots.release();
            AcceptLoop.closeQuietly(s);
            return;
        }
        Thread.ofVirtual().name("secfunet-metrics").start(() -> {
            try (s) {
                serve(s);
            } catch (IOException ignored) {
                // the client went away, sent garbage, or ran out of time: nothing more is owed
            } finally {
                deadline.cancel(false);
                slots.release();
            }
        });
    }

    private void serve(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        MetricsHttp.Request req;
        try {
            req = MetricsHttp.read(new BufferedInputStream(s.getInputStream(), 512));
        } catch (MetricsHttp.BadRequest e) {
            out.write(MetricsHttp.response(400, null, new byte[0], false));
            return;
        }
        if (req == null) {
            return;
        }
        boolean head = "HEAD".equals(req.method());
        byte[] none = new byte[0];
        if (!req.target().equals(PATH) && !req.target().startsWith(PATH + "?") && !req.target().startsWith(PATH + "/")) {
            out.write(MetricsHttp.response(404, null, none, head));
        } else if (token != null && (req.authorization() == null || !MessageDigest.isEqual(token, req.authorization().getBytes(StandardCharsets.UTF_8)))) {
            out.write(MetricsHttp.response(401, null, none, head));
        } else if (!"GET".equals(req.method()) && !head) {
            out.write(MetricsHttp.response(405, null, none, false));
        } else {
            out.write(MetricsHttp.response(200, CONTENT_TYPE, scrape.get().getBytes(StandardCharsets.UTF_8), head));
        }
        out.flush();
        s.shutdownOutput();
    }

}
