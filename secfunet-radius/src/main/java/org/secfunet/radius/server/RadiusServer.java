package org.secfunet.radius.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.GridMetrics;
import org.secfunet.pcsc.Readers;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.service.CardPool;
import org.secfunet.service.MetricsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * radius_server: a RADIUS server (RFC 2865/3579) whose EAP-TLS server runs in cards. This class
 * owns the sockets, threads and timers: a receiver thread hands each datagram to a virtual thread
 * running {@link RadiusDispatcher} (which holds all the logic) and sends its reply; timers reap
 * quiet conversations and probe failed cards. Started and stopped by its owner.
 */
public final class RadiusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusServer.class);
    /** Datagrams being handled at once; a flood beyond this is dropped (and counted) before any work. */
    static final int MAX_IN_FLIGHT = 1024;
    /** Period of the reaper and of the probe of failed cards. */
    static final long TIMER_PERIOD_SECONDS = 1;
    /** What a request may take at shutdown beyond its wait for a card (one card round). */
    private static final long IN_FLIGHT_GRACE_MILLIS = 5000;

    private final RadiusServerConfig config;
    private final RadiusDispatcher dispatcher;
    private final ThrottledLog floods;
    /** The ZooKeeper session in ZooKeeper mode (null otherwise): started by {@link #start}, closed by {@link #close}. */
    private final GridCoordinator coord;
    /** Kept here: Micrometer's gauges hold their object weakly, and would read NaN once it is collected. */
    private final GridMetrics gridMetrics;
    private MetricsEndpoint endpoint;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "secfunet-radius-timers");
        t.setDaemon(true);
        return t;
    });
    private DatagramSocket socket;
    private Thread receiver;
    private volatile boolean closing;

    public RadiusServer(RadiusServerConfig config) {
        this(config, Readers.discover(), System::nanoTime);
    }

    public RadiusServer(RadiusServerConfig config, Readers readers, LongSupplier nanos) {
        this(config, readers, nanos, Clock.systemUTC());
    }

    /** {@code clock} dates the ZooKeeper health and the shared PIN budget's window in ZooKeeper mode. */
    public RadiusServer(RadiusServerConfig config, Readers readers, LongSupplier nanos, Clock clock) {
        this.config = config;
        this.coord = config.onGrid() ? new GridCoordinator(config.grid().zookeeper(), clock) : null;
        this.dispatcher = new RadiusDispatcher(config, readers, nanos, coord);
        this.floods = new ThrottledLog(LOG, nanos);
        this.gridMetrics = coord == null ? null : new GridMetrics(coord, clock);
        if (gridMetrics != null) {
            dispatcher.metrics().bind(gridMetrics);
        }
    }

    /**
     * Listens, and in ZooKeeper mode first connects to ZooKeeper (a one-line
     * {@link org.secfunet.coord.CoordinationException} when it cannot: nothing is left open).
     */
    public RadiusServer start() throws IOException {
        if (coord != null) {
            try {
                coord.start();
            } catch (RuntimeException e) {
                coord.close();
                throw e;
            }
        }
        socket = new DatagramSocket(null);
        try {
            socket.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (IOException e) {
            socket.close();
            closeCoordination();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + " (UDP): " + e.getMessage(), e);
        }
        if (config.metrics() != null) {
            try {
                endpoint = MetricsEndpoint.start(config.metrics(), dispatcher.metrics()::scrape);
            } catch (IOException e) {
                socket.close();
                closeCoordination();
                throw new IOException("cannot serve metrics on " + config.metrics().listen() + ": " + e.getMessage(), e);
            }
        }
        timers.scheduleWithFixedDelay(dispatcher::reap, TIMER_PERIOD_SECONDS, TIMER_PERIOD_SECONDS, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(() -> dispatcher.pool().probeOut(dispatcher::probe), TIMER_PERIOD_SECONDS, TIMER_PERIOD_SECONDS,
                TimeUnit.SECONDS);
        if (coord != null) {
            timers.scheduleWithFixedDelay(dispatcher::recheckGridPins, TIMER_PERIOD_SECONDS, TIMER_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
        receiver = Thread.ofPlatform().name("secfunet-radius-receive").daemon().start(this::receiveLoop);
        if (coord == null) {
            LOG.info("radius_server listening on {}:{} (UDP) for {} client(s) with {} card(s)", config.host(), port(), config.clients().size(),
                    config.cards().size());
        } else {
            LOG.info("radius_server {} listening on {}:{} (UDP) for {} client(s) with the cards of pool {} on ZooKeeper {}", config.grid().name(),
                    config.host(), port(), config.clients().size(), config.grid().pool(), config.grid().zookeeper().connect());
        }
        return this;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public RadiusStats stats() {
        return dispatcher.stats();
    }

    public RadiusMetrics metrics() {
        return dispatcher.metrics();
    }

    /** The metrics endpoint's port, or -1 when none is configured. */
    public int metricsPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    public CardPool pool() {
        return dispatcher.pool();
    }

    public int conversations() {
        return dispatcher.conversations();
    }

    private void receiveLoop() {
        byte[] buf = new byte[RadiusPacket.MAX_LENGTH + 1];
        while (!closing) {
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(d);
            } catch (IOException e) {
                if (!closing) {
                    floods.warn("receive failures", "receive failed: {}", e.getMessage());
                }
                continue;
            }
            dispatcher.stats().received.incrementAndGet();
            byte[] data = Arrays.copyOf(d.getData(), d.getLength());
            InetAddress from = d.getAddress();
            int fromPort = d.getPort();
            if (!inFlight.tryAcquire()) {
                dispatcher.stats().overloaded.incrementAndGet();
                continue;
            }
            Thread.ofVirtual().name("secfunet-radius-request").start(() -> {
                try {
                    if (dispatcher.dispatch(data, from, fromPort) instanceof Dispatch.Reply reply) {
                        send(reply.datagram(), from, fromPort);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private void send(byte[] bytes, InetAddress to, int port) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to, port));
        } catch (IOException e) {
            floods.warn("replies not sent", "cannot answer {}:{}: {}", to.getHostAddress(), port, e.getMessage());
        }
    }

    /** Waits (bounded) for the requests being handled: none may use a card after close() returns. */
    private void awaitInFlight() {
        long waitMillis = config.cardWaitMillis() + IN_FLIGHT_GRACE_MILLIS;
        try {
            if (receiver != null) {
                receiver.join(waitMillis);
            }
            if (!inFlight.tryAcquire(MAX_IN_FLIGHT, waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("radius_server stopping with {} request(s) still being handled", MAX_IN_FLIGHT - inFlight.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The ZooKeeper coordinator in ZooKeeper mode (for tests and status), else null. */
    public GridCoordinator coordinator() {
        return coord;
    }

    /** The SEs out of this instance's pool on ZooKeeper (held out for their PIN), with why. */
    public java.util.Map<String, String> gridCardsOut() {
        return dispatcher.gridCardsOut();
    }

    private void closeCoordination() {
        if (coord != null) {
            coord.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        timers.shutdownNow();
        if (socket != null) {
            socket.close();
        }
        awaitInFlight();
        dispatcher.close();
        closeCoordination();
        if (endpoint != null) {
            endpoint.close();
        }
        LOG.info("radius_server stopped: {}", dispatcher.stats());
    }
}
