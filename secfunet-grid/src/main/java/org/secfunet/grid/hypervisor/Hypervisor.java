package org.secfunet.grid.hypervisor;

import org.secfunet.service.CardPool;
import org.secfunet.service.AcceptLoop;
import org.secfunet.service.MetricsEndpoint;
import org.secfunet.service.LogText;
import org.secfunet.service.PendingGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.secfunet.apdu.Hex;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.GridMetrics;
import org.secfunet.coord.PinLedger;
import org.secfunet.grid.net.PeerNames;
import org.secfunet.grid.net.PemTls;
import org.secfunet.grid.racs.client.RacsConnections;
import org.secfunet.grid.racs.client.RacsReaderProvider;
import org.secfunet.pcsc.ReaderProvider;
import org.secfunet.pcsc.Readers;
import org.secfunet.tls.Pump;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * s_hypervisor: VMs connect over mutually authenticated TLS (their certificate's CN names them),
 * ask for "CONNECT host:port", and get a TLS session authenticated by their own card, either
 * carried for them (tunnel) or handed over (hand-off: the VM gets the session keys and the
 * hypervisor only moves the encrypted records). Started and stopped by its owner.
 */
public final class Hypervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hypervisor.class);
    static final int TLS_TIMEOUT_MS = 10_000;
    /** From accept to a complete request (TLS handshake and request lines), however slowly the bytes come. */
    static final long REQUEST_DEADLINE_MS = 15_000;

    private final HypervisorConfig config;
    private final SSLContext vmContext;
    private final CardPool pool;
    private final HypervisorMetrics metrics;
    private final Broker broker;
    /** The broker when on a grid on ZooKeeper (null otherwise): started after, and closed before, the coordinator. */
    private final GridBroker gridBroker;
    /** The grid on ZooKeeper (null without [zookeeper]): started and closed with the hypervisor. */
    private final GridCoordinator coord;
    /** Authenticated VM connections now (capped by max_connections). */
    private final AtomicInteger connections = new AtomicInteger();
    private final PendingGate pending;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "secfunet-hypervisor-probe");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "secfunet-hypervisor-deadline");
        t.setDaemon(true);
        return t;
    });
    private SSLServerSocket listener;
    /** How long an idle RACS connection is kept for reuse: well under a RACS server's idle limit (600 s by default). */
    static final long RACS_IDLE_MS = 30_000;
    /** Idle RACS connections kept for reuse on a grid on ZooKeeper (its SEs are not listed in the config). */
    static final int ZK_RACS_IDLE_CONNECTIONS = 64;
    /** The grid's gauges (secfunet_grid_*) read ZooKeeper at most this often, however often /metrics is scraped. */
    static final java.time.Duration GRID_METRICS_MIN_INTERVAL = java.time.Duration.ofSeconds(2);
    private MetricsEndpoint http;
    private RacsReaderProvider racs;
    private Thread acceptor;
    private volatile boolean closing;

    public Hypervisor(HypervisorConfig config) {
        this.config = config;
        try {
            this.vmContext = PemTls.context(config.key(), config.cert(), config.vmCa());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("s_hypervisor TLS credentials: " + e.getMessage(), e);
        }
        List<ReaderProvider> first = new ArrayList<>();
        if (config.racsCert() != null) {
            try {
                // a RACS connection is kept idle (at most RACS_IDLE_MS, one per card) for the next handshake
                racs = new RacsReaderProvider(PemTls.context(config.racsKey(), config.racsCert(), config.racsCa()),
                        new RacsConnections(config.zookeeper() == null ? Math.max(1, config.cards().size()) : ZK_RACS_IDLE_CONNECTIONS, RACS_IDLE_MS, System::nanoTime));
                first.add(racs);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("s_hypervisor RACS client credentials: " + e.getMessage(), e);
            }
        }
        this.pending = new PendingGate(config.admission().maxPending(), config.admission().maxPendingPerSource());
        this.pool = new CardPool(config.zookeeper() == null ? List.copyOf(config.cards().keySet()) : List.of(), config.maxWaiters(), System::nanoTime);
        this.metrics = new HypervisorMetrics(pool);
        if (config.zookeeper() == null) {
            this.coord = null;
            this.gridBroker = null;
            this.broker = new HandshakeBroker(config, pool, new PinGuard(config.pinMaxFailures(), config.pinWindowSeconds(), System::nanoTime),
                    Readers.discover(first), metrics, System::nanoTime);
        } else {
            this.coord = new GridCoordinator(config.zookeeper(), Clock.systemUTC());
            GridBroker g = new GridBroker(config, coord, racs, new LazyLedger(), metrics, System::nanoTime, this::name);
            metrics.coordination(coord::health, g::locksHeld);
            metrics.bind(new GridMetrics(coord, Clock.systemUTC(), GRID_METRICS_MIN_INTERVAL, GridMetrics.DEFAULT_MAX_WAIT));
            this.broker = g;
            this.gridBroker = g;
        }
    }

    public Hypervisor start() throws IOException {
        if (coord != null) {
            coord.start(); // refuses to start when the ensemble cannot be reached: the message says why
            ledger = coord.pinLedger(config.pinMaxFailures(), config.pinWindowSeconds(), PIN_TRY_LEASE_MS);
            gridBroker.start();
        }
        listener = (SSLServerSocket) vmContext.getServerSocketFactory().createServerSocket();
        listener.setReuseAddress(true);
        listener.bind(config.listen().socketAddress(), 128);
        listener.setNeedClientAuth(true);
        listener.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (config.metrics() != null) {
            http = MetricsEndpoint.start(config.metrics(), metrics::scrape);
        }
        prober.scheduleWithFixedDelay(() -> {
            try {
                pool.probeOut(broker::probe);
            } catch (RuntimeException e) {
                LOG.warn("card probe failed: {}", e.getMessage());
            }
            try {
                broker.sweepKept();
            } catch (RuntimeException e) {
                LOG.warn("closing idle card sessions failed: {}", e.getMessage());
            }
            if (racs != null) {
                racs.sweep();
            }
        }, config.probeMillis(), config.probeMillis(), TimeUnit.MILLISECONDS);
        SSLServerSocket ss = listener;
        acceptor = Thread.ofPlatform().name("secfunet-hypervisor-accept").daemon()
                .start(new AcceptLoop("s_hypervisor", ss::accept, this::admit, () -> closing, LOG::warn));
        if (coord == null) {
            LOG.info("s_hypervisor listening on {}:{} with {} cards for {} VMs", config.listen().host(), port(), config.cards().size(), config.vms().size());
        } else {
            LOG.info("s_hypervisor {} listening on {}:{}, serving the grid on ZooKeeper {}", name(), config.listen().host(), port(),
                    config.zookeeper().connect());
        }
        return this;
    }

    /** This hypervisor's name as an SE lock holder: {@code name} of the config, else host:port it listens on. */
    public String name() {
        return config.name() != null ? config.name() : config.listen().host() + ":" + port();
    }

    /** The grid's coordination (null without [zookeeper]). */
    public GridCoordinator coordinator() {
        return coord;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public int metricsPort() {
        return http == null ? -1 : http.port();
    }

    /**
     * The VMs bound in the grid now (one ZooKeeper read, for the ready line); -1 without
     * {@code [zookeeper]} or while ZooKeeper cannot be read.
     */
    public int gridBindings() {
        if (coord == null) {
            return -1;
        }
        try {
            return coord.bindings().list().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public CardPool pool() {
        return pool;
    }

    /** Card sessions kept open and verified for their VM's next handshake now ({@code limits.card_keep_ms}). */
    public int keptCardSessions() {
        return broker.keptSessions();
    }

    public HypervisorMetrics metrics() {
        return metrics;
    }

    /** A pending-handshake pass and a thread for each connection, or a close at once when the pending caps are reached. */
    private void admit(Socket s) {
        PendingGate.Pass pass = pending.admit(s, line -> LOG.info("s_hypervisor: {}", line));
        if (pass == null) {
            return;
        }
        Thread.ofVirtual().name("secfunet-vm").start(() -> serve((SSLSocket) s, pass));
    }

    private void serve(SSLSocket s, PendingGate.Pass pass) {
        open.add(s);
        String vm = "?";
        String remote = s.getRemoteSocketAddress().toString();
        boolean entered = false;
        java.util.concurrent.ScheduledFuture<?> handshake = deadlines.schedule(() -> AcceptLoop.closeQuietly(s), config.admission().handshakeMillis(),
                TimeUnit.MILLISECONDS);
        java.util.concurrent.ScheduledFuture<?> deadline = deadlines.schedule(() -> AcceptLoop.closeQuietly(s), REQUEST_DEADLINE_MS,
                TimeUnit.MILLISECONDS);
        try (s) {
            s.setSoTimeout(TLS_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            s.startHandshake();
            handshake.cancel(false);
            pass.close();
            // authenticated: from here on the connection counts against max_connections, not the pending caps
            entered = true;
            boolean counted = connections.incrementAndGet() <= config.maxConnections();
            vm = PeerNames.commonName(s.getSession());
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (!counted) {
                LineIo.write(out, VmReply.busy(config.retryAfterMillis(), "too many VM connections").line());
                metrics.failure(vm, "busy");
                return;
            }
            if (coord == null && !config.vms().containsKey(vm)) {
                LOG.warn("refused {} from {}: no [[vm]] with that name", LogText.escape(vm), remote);
                LineIo.write(out, VmReply.err("denied", "VM '" + vm + "' is not configured here").line());
                metrics.failure(vm, "denied");
                return;
            }
            VmRequestLines.Incoming incoming;
            try {
                incoming = VmRequestLines.read(in);
            } catch (VmRequestLines.Malformed e) {
                LOG.info("vm {} ({}) sent a malformed request: {}", vm, remote, e.getMessage());
                LineIo.write(out, VmReply.err("syntax", e.getMessage()).line());
                metrics.failure(vm, "malformed");
                return;
            }
            if (incoming == null) {
                return;
            }
            VmRequest req = incoming.request();
            char[] pin = incoming.pin();
            deadline.cancel(false);
            LOG.info("vm {} ({}) asks {}", vm, remote, LogText.escape(req.line()));
            Broker.Result r;
            try {
                r = broker.run(vm, req, pin);
            } catch (BrokerException e) {
                LOG.info("vm {}: {}", vm, LogText.escape(e.reply().line()));
                LineIo.write(out, e.reply().line());
                return;
            }
            carry(vm, s, req, r);
        } catch (SocketTimeoutException e) {
            LOG.info("vm {} ({}) timed out", LogText.escape(vm), remote);
        } catch (IOException e) {
            LOG.info("vm {} ({}) ended: {}", LogText.escape(vm), remote, LogText.escape(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            handshake.cancel(false);
            pass.close();
            deadline.cancel(false);
            if (entered) {
                connections.decrementAndGet();
            }
            open.remove(s);
        }
    }

    private void carry(String vm, SSLSocket s, VmRequest req, Broker.Result r) throws IOException {
        try (Socket server = r.server()) {
            open.add(server);
            var h = r.handshake();
            Map<String, String> f = new LinkedHashMap<>();
            f.put("mode", req.mode().name().toLowerCase(Locale.ROOT));
            f.put("card", r.cardId());
            f.put("version", h.version());
            f.put("cipher", h.cipherSuite());
            f.put("queue_ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(r.queueNanos())));
            f.put("card_ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(r.cardNanos())));
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(config.idleSeconds()));
            server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(config.idleSeconds()));
            if (req.mode() == HypervisorConfig.Mode.TUNNEL) {
                LineIo.write(s.getOutputStream(), VmReply.ok(f, h.serverSubject()).line());
                long[] n = Pump.run(h.connection(), s.getInputStream(), s.getOutputStream(), 5_000);
                LOG.info("vm {} tunnel to {} done: {} bytes out, {} in", vm, LogText.escape(req.target()), n[0], n[1]);
            } else {
                byte[] keys = h.handoffKeys().encode();
                h.handoffKeys().wipe();
                f.put("keys", Hex.encode(keys));
                java.util.Arrays.fill(keys, (byte) 0);
                LineIo.write(s.getOutputStream(), VmReply.ok(f, h.serverSubject()).line());
                f.clear();
                byte[] early = h.earlyRecords(); // the server's first records, read with its Finished: the VM's before the rest
                if (early.length > 0) {
                    s.getOutputStream().write(early);
                    s.getOutputStream().flush();
                }
                long[] n = Relay.run(s, server);
                LOG.info("vm {} hand-off to {} done: {} record bytes out, {} in", vm, LogText.escape(req.target()), n[0], n[1]);
            }
        } finally {
            open.remove(r.server());
        }
    }

    @Override
    public void close() {
        closing = true;
        prober.shutdownNow();
        deadlines.shutdownNow();
        if (http != null) {
            http.close();
        }
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (acceptor != null) {
            try {
                acceptor.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.closeKept(); // powers off the cards kept verified, before their RACS connections go
        if (racs != null) {
            racs.close(); // idle RACS connections; one still in use is closed when its session gives it back
        }
        if (gridBroker != null) {
            gridBroker.close();
        }
        if (coord != null) {
            coord.close(); // its session ends: locks still held go with it
        }
    }

    /** How long a VM's PIN try reserved in ZooKeeper is held when this hypervisor dies before settling it. */
    static final long PIN_TRY_LEASE_MS = 60_000;

    private volatile PinLedger ledger;

    /** The shared PIN ledger, made once the coordinator is started. */
    private final class LazyLedger implements PinBudget {
        private PinBudget get() {
            PinLedger l = ledger;
            if (l == null) {
                throw new IllegalStateException("the hypervisor is not started");
            }
            return new LedgerPins(l, System::nanoTime);
        }

        @Override
        public Attempt reserve(String vm, long waitMillis) throws InterruptedException {
            return get().reserve(vm, waitMillis);
        }

        @Override
        public long blockedForMillis(String vm) {
            return get().blockedForMillis(vm);
        }

        @Override
        public long retryAfterMillis(String vm) {
            return get().retryAfterMillis(vm);
        }

        @Override
        public int recentFailures(String vm) {
            return get().recentFailures(vm);
        }
    }
}
