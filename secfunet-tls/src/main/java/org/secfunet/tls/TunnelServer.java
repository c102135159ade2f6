package org.secfunet.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * Tunnel mode (stunnel-like): each local plaintext connection gets its own card-authenticated TLS
 * connection to the target. Handshakes are spread over the cards; a card is held only for its
 * handshake, then the host carries the records. Bounded: at most {@code maxConnections} at once,
 * a card waited for at most {@code cardWaitMillis}. Started and stopped by its owner.
 */
public final class TunnelServer implements AutoCloseable {
    private final ServerSocket listener;
    private final BlockingQueue<EapSmartcard> cards;
    private final String identity;
    private final InetSocketAddress target;
    private final Consumer<String> log;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final long cardWaitMillis;
    private final Duration handshakeLimit;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean running = true;

    public TunnelServer(InetSocketAddress listen, List<EapSmartcard> cardsReady, String identity, InetSocketAddress target,
                        int maxConnections, long cardWaitMillis, Consumer<String> log) throws IOException {
        this(listen, cardsReady, identity, target, maxConnections, cardWaitMillis, HandshakeDeadline.DEFAULT, log);
    }

    /** @param handshakeLimit the whole of one card handshake with the target, however slowly it answers */
    public TunnelServer(InetSocketAddress listen, List<EapSmartcard> cardsReady, String identity, InetSocketAddress target,
                        int maxConnections, long cardWaitMillis, Duration handshakeLimit, Consumer<String> log) throws IOException {
        if (cardsReady.isEmpty()) {
            throw new IllegalArgumentException("a tunnel needs at least one card");
        }
        this.listener = new ServerSocket();
        this.listener.bind(listen);
        this.cards = new ArrayBlockingQueue<>(cardsReady.size(), true, cardsReady);
        this.identity = identity;
        this.target = target;
        this.log = log;
        this.slots = new Semaphore(maxConnections);
        this.cardWaitMillis = cardWaitMillis;
        this.handshakeLimit = handshakeLimit;
        this.workers = Executors.newFixedThreadPool(maxConnections, r -> {
            Thread t = new Thread(r, "secfunet-tunnel");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "secfunet-tunnel-accept");
        this.acceptor.setDaemon(true);
    }

    public TunnelServer start() {
        acceptor.start();
        return this;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket local = listener.accept();
                if (!slots.tryAcquire()) {
                    log.accept("refused a connection: " + slots.availablePermits() + " slots left");
                    local.close();
                    continue;
                }
                workers.execute(() -> {
                    try {
                        serve(local);
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (running) {
                    log.accept("accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket local) {
        try (local; Socket remote = new Socket()) {
            try {
                relay(local, remote);
            } catch (IOException | RuntimeException e) {
                // counted and logged before the sockets close, so whoever sees the close sees the count
                failures.incrementAndGet();
                log.accept("tunnel connection failed: " + e.getMessage());
            }
        } catch (IOException e) {
            log.accept("tunnel connection close failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void relay(Socket local, Socket remote) throws IOException, InterruptedException {
        remote.setTcpNoDelay(true);
        remote.connect(target, 10_000);
        TlsConnection c;
        EapSmartcard card = cards.poll(cardWaitMillis, TimeUnit.MILLISECONDS);
        if (card == null) {
            failures.incrementAndGet();
            log.accept("no card free within " + cardWaitMillis + " ms: connection dropped");
            return;
        }
        try {
            // a silent or trickling server must not hold the card
            c = CardTlsClient.connect(card, identity, "", remote, handshakeLimit, Instant.now(), m -> { }, false).connection();
            handshakes.incrementAndGet();
        } finally {
            cards.add(card); // the card is free again once the keys are on the host
        }
        Pump.run(c, local.getInputStream(), local.getOutputStream(), 5000);
    }

    public long handshakes() {
        return handshakes.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Stops accepting, ends the workers (bounded wait). Cards stay open: their owner closes them. */
    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
