package org.secfunet.grid.racs;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.TransportException;
import org.secfunet.coord.CoordinationException;
import org.secfunet.coord.CoordinationUnavailableException;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.Health;
import org.secfunet.coord.SeHealth;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.ServerInfo;
import org.secfunet.pcsc.ReaderAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RACS server's presence in the grid's ZooKeeper registry ({@code [zookeeper]}): owns the
 * server's {@link GridCoordinator}, seeds each SE's fencing floor from {@code /fence/<seid>},
 * registers the server (endpoint, certificate fingerprint) and its SEs (kind, last ATR, allowed
 * applet AIDs, health), and publishes health and ATR changes. Nothing it writes is secret: no
 * reader address or file path, no PIN, no key.
 *
 * <p>ZooKeeper never stops the server: every write runs on this class's own thread, sessions only
 * record what changed ({@link SeObserver}); when ZooKeeper is away the registrations come back by
 * themselves (Curator's PersistentNode), and a server started while it was unreachable keeps
 * trying to connect every {@link #RETRY_SECONDS} s.
 */
final class GridPresence implements SeObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GridPresence.class);
    /** Seconds between attempts to reach ZooKeeper when it was unreachable at start. */
    static final long RETRY_SECONDS = 5;
    /** The SE kind of a PC/SC reader (a {@code vcard:} SE's kind is its scheme). */
    static final String KIND_PCSC = "pcsc";

    private final RacsServerConfig.Grid grid;
    private final String name;
    private final SeRegistry ses;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    /** What should be published per SEID (updated by sessions), and what was (by the worker). */
    private final Map<String, SeInfo> wanted = new ConcurrentHashMap<>();
    private final Map<String, SeInfo> published = new HashMap<>();
    private volatile GridCoordinator coord;
    private volatile ServerInfo server;
    private volatile boolean closed;
    private String lastProblem;

    /** {@code name}: the server's name in the grid (from the configuration or its certificate's CN). */
    GridPresence(RacsServerConfig config, String name, SeRegistry ses, Clock clock) {
        this.grid = Objects.requireNonNull(config.grid(), "config.grid");
        this.name = name;
        this.ses = ses;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "racs-grid");
            t.setDaemon(true);
            return t;
        });
        for (RacsServerConfig.Se se : config.secureElements()) {
            // the applets published are those the AID allowlist lets clients select (the server cannot list a card's applets)
            wanted.put(se.seid(), new SeInfo(se.seid(), name, kind(se.reader()), "", se.aids(), SeHealth.OK));
        }
    }

    String name() {
        return name;
    }

    /** The coordinator, null while ZooKeeper has not been reached (metrics, tests). */
    GridCoordinator coordinator() {
        return coord;
    }

    /**
     * Connects to ZooKeeper (waiting at most its connection timeout) and seeds every SE's fencing
     * floor; call before accepting sessions. Unreachable: logged, and retried in the background.
     * Other refusals (wrong grid password, foreign ACLs) are {@link CoordinationException}s.
     */
    void connect() {
        if (!tryConnect()) {
            LOG.warn("RACS server: ZooKeeper at {} is unreachable: serving without the grid registry (and without fencing floors), "
                    + "trying again every {} s", grid.zookeeper().connect(), RETRY_SECONDS);
            schedule();
        }
    }

    /** Registers the server (endpoint now known) and every SE; call once listening. */
    void register(String endpoint, String certSha256) {
        server = new ServerInfo(name, endpoint, certSha256);
        ses.seids().forEach(seid -> ses.find(seid).orElseThrow().observe(this));
        GridCoordinator c = coord;
        if (c != null) {
            registerAll(c, true);
        }
    }

    private boolean tryConnect() {
        GridCoordinator c = new GridCoordinator(grid.zookeeper(), clock);
        try {
            c.start();
        } catch (CoordinationUnavailableException e) {
            return false;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        c.addHealthListener(this::healthChanged);
        seedFloors(c);
        coord = c;
        return true;
    }

    private void schedule() {
        try {
            worker.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void retry() {
        if (closed) {
            return;
        }
        try {
            if (!tryConnect()) {
                schedule();
                return;
            }
        } catch (RuntimeException e) {
            LOG.error("RACS server: ZooKeeper at {} refused this server: {}; no more attempts, restart the server once fixed",
                    grid.zookeeper().connect(), e.getMessage());
            return;
        }
        LOG.info("RACS server: ZooKeeper at {} is reachable now; registering", grid.zookeeper().connect());
        if (server != null) {
            registerAll(coord, false);
        }
    }

    /** Takes {@code /fence/<seid>} as each SE's floor of fencing tokens (a token older than the grid's last is stale). */
    private void seedFloors(GridCoordinator c) {
        for (String seid : ses.seids()) {
            try {
                long floor = c.registry().fencingFloor(seid);
                if (floor > 0) {
                    SecureElement se = ses.find(seid).orElseThrow();
                    se.raiseFloor(floor);
                    LOG.info("SE {}: fencing floor {} from the grid (tokens below it are refused)", seid, floor);
                }
            } catch (CoordinationException e) {
                LOG.warn("SE {}: cannot read its fencing floor from the grid: {}", seid, e.getMessage());
            }
        }
    }

    /** Registers the server and its SEs; {@code atStart}: a conflict (a SEID another live server holds) fails the start. */
    private void registerAll(GridCoordinator c, boolean atStart) {
        try {
            c.registry().registerServer(server);
            synchronized (published) {
                for (String seid : ses.seids()) {
                    SeInfo se = wanted.get(seid);
                    c.registry().registerSe(se);
                    published.put(seid, se);
                }
            }
            LOG.info("RACS server: registered as {} ({}) with {} SE(s) in the grid", name, server.endpoint(), ses.seids().size());
        } catch (CoordinationException e) {
            if (atStart && !(e instanceof CoordinationUnavailableException)) {
                throw e;
            }
            problem("cannot register in the grid: " + e.getMessage());
        }
    }

    private void healthChanged(Health h) {
        if (h == Health.CONNECTED) {
            LOG.info("RACS server: the grid registry is reachable again; re-publishing the registrations");
            execute(() -> {
                GridCoordinator c = coord;
                if (c != null) {
                    seedFloors(c);
                }
                synchronized (published) {
                    published.clear(); // a write made while away may have been dropped by Curator: write every SE again
                }
                flush();
            });
        } else {
            LOG.warn("RACS server: the grid registry is {}: still serving every session; the registration comes back with ZooKeeper", h);
        }
    }

    @Override
    public void working(SecureElement se, byte[] atr) {
        String atrHex = atr == null || atr.length > 33 ? "" : Hex.encode(atr).toUpperCase(java.util.Locale.ROOT);
        SeInfo now = wanted.get(se.seid());
        if (now == null || (now.health().ok() && now.atrHex().equals(atrHex))) {
            return;
        }
        SeInfo next = new SeInfo(now.seid(), now.server(), now.kind(), atrHex, now.aids(), SeHealth.OK);
        wanted.put(se.seid(), next);
        if (!now.health().ok()) {
            LOG.info("SE {}: works again", se.seid());
        }
        execute(this::flush);
    }

    @Override
    public void failed(SecureElement se, boolean onPowerOn, TransportException e) {
        SeInfo now = wanted.get(se.seid());
        if (now == null) {
            return;
        }
        String reason = "hardware error " + (onPowerOn ? "on power-on" : "during an APDU") + ": " + scrub(e.getMessage(), se.reader());
        if (!now.health().ok() && now.health().reason().equals(SeHealth.failed(reason).reason())) {
            return;
        }
        wanted.put(se.seid(), now.withHealth(SeHealth.failed(reason)));
        execute(this::flush);
    }

    /** Writes what changed since the last write (coalesced: the newest state per SE). */
    private void flush() {
        GridCoordinator c = coord;
        if (c == null || server == null || closed) {
            return;
        }
        synchronized (published) {
            for (String seid : ses.seids()) {
                SeInfo want = wanted.get(seid);
                SeInfo was = published.get(seid);
                if (Objects.equals(want, was)) {
                    continue;
                }
                try {
                    if (was != null && was.atrHex().equals(want.atrHex())) {
                        c.registry().updateHealth(seid, want.health());
                    } else {
                        c.registry().registerSe(want);
                    }
                    published.put(seid, want);
                    lastProblem = null;
                } catch (RuntimeException ex) {
                    problem("cannot publish SE " + seid + " in the grid (" + ex.getMessage() + "); it will be when ZooKeeper answers");
                }
            }
        }
    }

    private synchronized void problem(String line) {
        if (!line.equals(lastProblem)) {
            lastProblem = line;
            LOG.warn("RACS server: {}", line);
        }
    }

    private void execute(Runnable r) {
        try {
            worker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    problem(e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** The SE kind published for a reader address: its scheme ({@code vcard}), or {@code pcsc}. */
    static String kind(String reader) {
        String scheme = ReaderAddress.parse(reader).scheme();
        return scheme == null || scheme.isEmpty() ? KIND_PCSC : scheme;
    }

    /** A hardware error's message fit for the registry: no reader address, no file path (a vcard store holds keys). */
    static String scrub(String message, String reader) {
        String m = message == null ? "no detail" : message.replace(reader, "the reader");
        int colon = reader.indexOf(':');
        if (colon > 0) {
            m = m.replace(reader.substring(colon + 1), "the reader");
        }
        return m.replaceAll("(?:[A-Za-z]:)?[/\\\\][^\\s'\",;)]*", "(path)");
    }

    /** Removes the registrations (SEs first, then the server) and closes the coordinator. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        GridCoordinator c = coord;
        if (c != null) {
            List<String> seids = ses.seids();
            try {
                seids.forEach(c.registry()::unregisterSe);
                c.registry().unregisterServer(name);
            } catch (RuntimeException e) {
                LOG.warn("RACS server: cannot unregister from the grid ({}); the registrations go with the session", e.getMessage());
            }
            c.close();
        }
    }
}
