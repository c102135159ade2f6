package org.secfunet.grid.racs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocketFactory;
import org.secfunet.coord.Znodes;
import org.secfunet.grid.net.PeerNames;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.client.ServerFingerprint;
import org.secfunet.pcsc.Readers;
import org.secfunet.service.AcceptLoop;
import org.secfunet.service.HostPort;
import org.secfunet.service.MetricsEndpoint;
import org.secfunet.service.PendingGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RACS server (draft-urien-core-racs): a TLS listener (TLS 1.2 and 1.3, forward-secret
 * suites only, client certificate required and checked against the configured CA), one virtual
 * thread per session, connections still in their handshake capped apart from sessions (in total
 * and per source address, under the handshake deadline), and the grid's SEs shared between
 * sessions under the draft's locking. With {@code [zookeeper]} it registers itself and its SEs in
 * the grid's registry ({@link GridPresence}), seeding the SEs' fencing floors from it first.
 * Started and stopped by its owner: {@code new RacsServer(config).start()}, then {@link #close()}.
 */
public final class RacsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RacsServer.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final long SHUTDOWN_WAIT_MILLIS = 5000;

    private final RacsServerConfig config;
    private final SeRegistry registry;
    private final AccessPolicy access;
    private final Set<RacsSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<RacsSession, Thread> threads = new ConcurrentHashMap<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private ScheduledExecutorService watchdog;
    private ServerSocket listener;
    private SSLSocketFactory tlsFactory;
    private SSLParameters tlsParameters;
    private Thread acceptor;
    private PendingGate pending;
    private int admitted;
    private volatile boolean closed;
    private GridPresence grid;
    private volatile MetricsEndpoint metrics;

    /** A server whose SEs are reached through the SDK's reader resolver (PC/SC, vcard:). */
    public RacsServer(RacsServerConfig config) {
        this(config, SeConnector.of(Readers.discover()));
    }

    /** A server whose SEs are powered on through {@code connector} (tests, embedding). */
    public RacsServer(RacsServerConfig config, SeConnector connector) {
        this.config = config;
        this.registry = SeRegistry.of(config, connector);
        this.access = AccessPolicy.of(config);
    }

    /**
     * Loads the TLS material, binds the listening address and starts accepting. Returns this.
     * TLS file problems are {@link RacsConfigException}s naming the field; binding problems are
     * IOExceptions.
     */
    public synchronized RacsServer start() throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("the RACS server was already started");
        }
        SSLContext ctx = tlsContext(config.tls());
        tlsFactory = ctx.getSocketFactory();
        tlsParameters = parameters(ctx);
        X509Certificate leaf = null;
        if (config.grid() != null) {
            leaf = leafCertificate(config.tls());
            grid = new GridPresence(config, gridName(config.grid(), leaf), registry, Clock.systemUTC());
            try {
                grid.connect(); // fencing floors are in before the first session
            } catch (RuntimeException e) {
                grid.close();
                grid = null;
                throw e;
            }
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(config.listenHost(), config.listenPort()), 128);
        } catch (IOException e) {
            ss.close();
            closeGrid();
            throw new IOException("cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": " + e.getMessage(), e);
        }
        listener = ss;
        if (config.metrics() != null) {
            try {
                metrics = MetricsEndpoint.start(config.metrics(), new RacsMetrics(this, grid)::scrape);
            } catch (IOException e) {
                close();
                throw e;
            }
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "racs-watchdog");
            t.setDaemon(true);
            return t;
        });
        RacsServerConfig.Limits l = config.limits();
        pending = new PendingGate(l.maxPendingHandshakes(), l.maxPendingPerSource());
        acceptor = Thread.ofPlatform().name("racs-accept").daemon(true)
                .start(new AcceptLoop("RACS server", ss::accept, this::accept, () -> closed, LOG::warn));
        LOG.info("RACS server listening on {}:{} ({} SE(s), {}, client certificates required)", config.listenHost(), port(),
                config.secureElements().size(), String.join("/", tlsParameters.getProtocols()));
        if (grid != null) {
            HostPort advertise = config.grid().advertise() != null ? config.grid().advertise() : new HostPort(config.listenHost(), port());
            try {
                grid.register(advertise.toString(), sha256Hex(leaf));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        return this;
    }

    /** The server's name in the grid: the configured one, else its certificate's CN (which must be fit for a znode name). */
    private static String gridName(RacsServerConfig.Grid g, X509Certificate leaf) {
        if (g.name() != null) {
            return g.name();
        }
        String cn;
        try {
            cn = PeerNames.commonName(leaf);
        } catch (SSLPeerUnverifiedException e) {
            throw new RacsConfigException("name: missing, and the certificate tls.cert has no CN to name the server in the grid: give name = \"...\"");
        }
        try {
            return Znodes.checkId("the certificate's CN", cn);
        } catch (IllegalArgumentException e) {
            throw new RacsConfigException("name: missing, and " + e.getMessage() + " to name the server in the grid: give name = \"...\"");
        }
    }

    private static X509Certificate leafCertificate(RacsServerConfig.Tls tls) {
        try {
            return PemTls.certificates(tls.cert()).get(0);
        } catch (IOException | GeneralSecurityException | IndexOutOfBoundsException e) {
            throw new RacsConfigException("tls.cert: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 fingerprint of a certificate's DER encoding, lower-case hex ({@link ServerFingerprint}, what clients check). */
    static String sha256Hex(X509Certificate cert) {
        return ServerFingerprint.sha256Hex(cert);
    }

    /** The server's grid registration, null without [zookeeper] (tests). */
    GridPresence grid() {
        return grid;
    }

    private void closeGrid() {
        GridPresence g = grid;
        if (g != null) {
            g.close();
        }
    }

    /** The bound port (the real one when the configuration says 0). */
    public int port() {
        ServerSocket ss = listener;
        if (ss == null) {
            throw new IllegalStateException("the RACS server is not started");
        }
        return ss.getLocalPort();
    }

    /** The metrics endpoint's bound port, -1 without {@code metrics}. */
    public int metricsPort() {
        MetricsEndpoint m = metrics;
        return m == null ? -1 : m.port();
    }

    public RacsServerConfig config() {
        return config;
    }

    /** Authenticated sessions open now. */
    public synchronized int activeSessions() {
        return admitted;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    /** Stops listening, ends every session, powers off and releases every SE. Bounded in time; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            closeGrid(); // first: the grid stops sending clients here
            if (metrics != null) {
                metrics.close();
            }
            for (RacsSession s : sessions) {
                s.abort();
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MILLIS);
            List<Thread> running = new ArrayList<>(threads.values());
            if (acceptor != null) {
                running.add(acceptor);
            }
            for (Thread t : running) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    try {
                        t.join(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            if (!threads.isEmpty()) {
                LOG.warn("RACS server: {} session(s) still running after {} ms", threads.size(), SHUTDOWN_WAIT_MILLIS);
            }
            registry.close();
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            LOG.info("RACS server stopped");
        } finally {
            closedLatch.countDown();
        }
    }

    SeRegistry registry() {
        return registry;
    }

    AccessPolicy access() {
        return access;
    }

    /** Counts an authenticated session in; null when admitted, else why not. */
    synchronized String admit(String cn) {
        RacsServerConfig.Limits l = config.limits();
        if (admitted >= l.maxSessions()) {
            return "too many sessions (" + l.maxSessions() + " in total)";
        }
        int mine = perClient.getOrDefault(cn, 0);
        if (mine >= l.maxSessionsPerClient()) {
            return "too many sessions for this client (" + l.maxSessionsPerClient() + ")";
        }
        admitted++;
        perClient.put(cn, mine + 1);
        return null;
    }

    synchronized void leave(String cn) {
        admitted--;
        perClient.computeIfPresent(cn, (k, v) -> v <= 1 ? null : v - 1);
    }

    void ended(RacsSession s) {
        sessions.remove(s);
        threads.remove(s);
    }

    /**
     * Each accepted connection gets a pending-handshake pass or is closed at once: connections that
     * have not authenticated are capped apart from sessions (see {@link PendingGate}).
     */
    private void accept(Socket tcp) {
        long id = ids.incrementAndGet();
        PendingGate.Pass pass = pending.admit(tcp, line -> LOG.info("RACS server: {}", line));
        if (pass == null) {
            return;
        }
        try {
            tcp.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) tlsFactory.createSocket(tcp, null, tcp.getPort(), true);
            tls.setUseClientMode(false);
            tls.setSSLParameters(tlsParameters);
            RacsSession s = new RacsSession(this, id, tcp, tls, config.limits(), watchdog, pass);
            sessions.add(s);
            Thread t = Thread.ofVirtual().name("racs-session-" + id).unstarted(s);
            threads.put(s, t);
            if (closed) {
                s.abort();
            }
            t.start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("RACS connection {}: cannot start a session: {}", id, e.getMessage());
            pass.close();
            AcceptLoop.closeQuietly(tcp);
        }
    }

    private static SSLParameters parameters(SSLContext ctx) {
        SSLParameters supported = ctx.getSupportedSSLParameters();
        String[] protocols = PROTOCOLS.stream().filter(p -> Arrays.asList(supported.getProtocols()).contains(p)).toArray(String[]::new);
        String[] suites = Arrays.stream(ctx.getDefaultSSLParameters().getCipherSuites())
                .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_") || s.startsWith("TLS_ECDHE_") || s.startsWith("TLS_DHE_"))
                .toArray(String[]::new);
        SSLParameters p = new SSLParameters(suites, protocols);
        p.setNeedClientAuth(true);
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    private static SSLContext tlsContext(RacsServerConfig.Tls tls) {
        PrivateKey key;
        List<X509Certificate> chain;
        List<X509Certificate> cas;
        try {
            key = PemTls.privateKey(tls.key());
        } catch (IOException | GeneralSecurityException e) {
            throw new RacsConfigException("tls.key: " + e.getMessage(), e);
        }
        try {
            chain = PemTls.certificates(tls.cert());
        } catch (IOException | GeneralSecurityException e) {
            throw new RacsConfigException("tls.cert: " + e.getMessage(), e);
        }
        try {
            cas = PemTls.certificates(tls.clientCa());
        } catch (IOException | GeneralSecurityException e) {
            throw new RacsConfigException("tls.client_ca: " + e.getMessage(), e);
        }
        try {
            return PemTls.context(key, chain, cas);
        } catch (GeneralSecurityException e) {
            throw new RacsConfigException("tls: cannot build the TLS context: " + e.getMessage(), e);
        }
    }
}
