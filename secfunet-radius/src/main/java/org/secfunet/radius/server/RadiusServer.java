package org.secfunet.radius.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;
import org.secfunet.service.MetricsEndpoint;
import org.secfunet.radius.packet.DuplicateCache;
import org.secfunet.radius.packet.Mppe;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusEapMessage;
import org.secfunet.radius.packet.RadiusFormatException;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.radius.packet.RadiusSigner;
import org.secfunet.radius.packet.RadiusVerifier;
import org.secfunet.radius.packet.RequestKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * radius_server: a RADIUS server (RFC 2865/3579) whose EAP-TLS server runs in cards. Each EAP
 * conversation holds one card of the pool from its EAP-Response/Identity to its end; the host only
 * relays EAP between RADIUS and the card, and turns the card's MSK into MS-MPPE keys. Datagrams
 * from unknown clients, malformed ones and ones with a bad authenticator are dropped silently and
 * counted (RFC 3579 §3.2). Started and stopped by its owner.
 */
public final class RadiusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusServer.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Datagrams being handled at once; a flood beyond this is dropped (and counted) before any work. */
    static final int MAX_IN_FLIGHT = 1024;

    private final RadiusServerConfig config;
    private final Readers readers;
    private final LongSupplier nanos;
    private final CardPool pool;
    private final List<String> cardIds = new ArrayList<>();
    private final List<byte[]> secrets = new ArrayList<>();
    private final DuplicateCache duplicates;
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RadiusStats stats = new RadiusStats();
    private final RadiusMetrics metrics;
    private MetricsEndpoint endpoint;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
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
        this.config = config;
        this.readers = readers;
        this.nanos = nanos;
        for (int i = 0; i < config.cards().size(); i++) {
            cardIds.add(Integer.toString(i));
        }
        for (RadiusServerConfig.Client c : config.clients()) {
            secrets.add(new String(c.secret().read()).getBytes(StandardCharsets.UTF_8));
        }
        this.pool = new CardPool(cardIds, config.maxConversations(), nanos);
        this.duplicates = new DuplicateCache(DuplicateCache.DEFAULT_TTL, DuplicateCache.DEFAULT_MAX_ENTRIES, nanos);
        this.metrics = new RadiusMetrics(stats, pool, conversations::size);
    }

    public RadiusServer start() throws IOException {
        socket = new DatagramSocket(null);
        try {
            socket.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + " (UDP): " + e.getMessage(), e);
        }
        if (config.metrics() != null) {
            try {
                endpoint = MetricsEndpoint.start(config.metrics(), metrics::scrape);
            } catch (IOException e) {
                socket.close();
                throw new IOException("cannot serve metrics on " + config.metrics().listen() + ": " + e.getMessage(), e);
            }
        }
        timers.scheduleWithFixedDelay(this::reap, 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(() -> pool.probeOut(this::probe), 1, 1, TimeUnit.SECONDS);
        receiver = Thread.ofPlatform().name("secfunet-radius-receive").daemon().start(this::receiveLoop);
        LOG.info("radius_server listening on {}:{} (UDP) for {} client(s) with {} card(s)", config.host(), port(), config.clients().size(),
                config.cards().size());
        return this;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public RadiusStats stats() {
        return stats;
    }

    public RadiusMetrics metrics() {
        return metrics;
    }

    /** The metrics endpoint's port, or -1 when none is configured. */
    public int metricsPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    public CardPool pool() {
        return pool;
    }

    public int conversations() {
        return conversations.size();
    }

    private void receiveLoop() {
        byte[] buf = new byte[RadiusPacket.MAX_LENGTH + 1];
        while (!closing) {
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(d);
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("receive failed: {}", e.getMessage());
                }
                continue;
            }
            stats.received.incrementAndGet();
            byte[] data = java.util.Arrays.copyOf(d.getData(), d.getLength());
            InetAddress from = d.getAddress();
            int fromPort = d.getPort();
            if (!inFlight.tryAcquire()) {
                stats.overloaded.incrementAndGet();
                continue;
            }
            Thread.ofVirtual().name("secfunet-radius-request").start(() -> {
                try {
                    handle(data, from, fromPort);
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private byte[] secretFor(InetAddress a) {
        for (int i = 0; i < config.clients().size(); i++) {
            if (config.clients().get(i).address().matches(a)) {
                return secrets.get(i);
            }
        }
        return null;
    }

    private void handle(byte[] data, InetAddress from, int fromPort) {
        String who = from.getHostAddress() + ":" + fromPort;
        byte[] secret = secretFor(from);
        if (secret == null) {
            stats.unknownClient.incrementAndGet();
            LOG.warn("dropped a datagram from {}: not a configured client", who);
            return;
        }
        RadiusPacket req;
        try {
            req = RadiusPacket.parse(data);
        } catch (RadiusFormatException e) {
            stats.malformed.incrementAndGet();
            LOG.warn("dropped a malformed datagram from {}: {}", who, e.getMessage());
            return;
        }
        if (req.code() != RadiusCode.ACCESS_REQUEST) {
            stats.malformed.incrementAndGet();
            LOG.warn("dropped a {} from {}: only Access-Request is served", req.code(), who);
            return;
        }
        String problem = RadiusVerifier.requestProblem(req, secret, true);
        if (problem != null) {
            stats.badAuthenticator.incrementAndGet();
            LOG.warn("dropped an Access-Request from {} (id {}): {}", who, req.identifier(), problem);
            return;
        }
        RequestKey key = RequestKey.of(from.getHostAddress(), fromPort, req);
        DuplicateCache.Check check = duplicates.begin(key);
        switch (check.status()) {
            case ANSWERED -> {
                stats.duplicates.incrementAndGet();
                send(check.reply(), from, fromPort);
                return;
            }
            case IN_PROGRESS -> {
                stats.duplicates.incrementAndGet();
                return;
            }
            case NEW -> {
                // processed below
            }
        }
        RadiusPacket reply;
        try {
            reply = answer(req, secret, who);
        } catch (RuntimeException e) {
            duplicates.forget(key);
            LOG.error("request from {} failed: {}", who, e.toString());
            return;
        }
        if (reply == null) {
            duplicates.forget(key); // dropped: a retransmission may succeed
            return;
        }
        byte[] bytes = reply.encode();
        duplicates.remember(key, bytes);
        send(bytes, from, fromPort);
    }

    private void send(byte[] bytes, InetAddress to, int port) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to, port));
        } catch (IOException e) {
            LOG.warn("cannot answer {}:{}: {}", to.getHostAddress(), port, e.getMessage());
        }
    }

    /** The reply to a verified Access-Request, or null to drop it. */
    private RadiusPacket answer(RadiusPacket req, byte[] secret, String who) {
        byte[] eap = req.eapMessage();
        if (eap == null) {
            return reject(req, secret, null, "no EAP-Message: only EAP authentication is offered");
        }
        byte[] state = req.state();
        if (state == null) {
            return start(req, secret, eap, who);
        }
        Conversation c = conversations.get(new String(state, StandardCharsets.US_ASCII));
        if (c == null) {
            stats.unknownState.incrementAndGet();
            return reject(req, secret, null, "State names no conversation (ended or timed out)");
        }
        synchronized (c) {
            if (c.ended) {
                stats.unknownState.incrementAndGet();
                return reject(req, secret, null, "the conversation already ended");
            }
            return relay(c, req, secret, eap);
        }
    }

    private RadiusPacket start(RadiusPacket req, byte[] secret, byte[] eap, String who) {
        EapPacket p;
        try {
            p = EapPacket.parse(eap);
        } catch (RuntimeException e) {
            return reject(req, secret, null, "EAP-Message is not an EAP packet: " + e.getMessage());
        }
        if (p.code() != org.secfunet.eap.packet.EapCode.RESPONSE || p.type() != EapType.IDENTITY) {
            return reject(req, secret, null, "a conversation starts with EAP-Response/Identity");
        }
        RadiusAttribute un = req.attribute(RadiusAttributeType.USER_NAME);
        String userName = un != null ? new String(un.value(), StandardCharsets.UTF_8) : new String(p.typeData(), StandardCharsets.UTF_8);
        CardPool.Lease lease;
        try {
            lease = pool.lease(cardIds, config.cardWaitMillis());
        } catch (CardPool.Busy e) {
            stats.droppedBusy.incrementAndGet();
            LOG.warn("no free card for '{}' from {} ({}): dropped, the NAS will retransmit", userName, who, e.getMessage());
            return null;
        } catch (CardPool.Unavailable e) {
            return reject(req, secret, null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        RadiusServerConfig.Card cfg = config.cards().get(Integer.parseInt(lease.cardId()));
        EapSmartcard card;
        try {
            card = new EapSmartcard(readers.connect(cfg.reader(), ConnectOptions.DEFAULT), Tracer.OFF, false);
        } catch (RuntimeException e) {
            lease.fail(e.getMessage());
            LOG.warn("card {} leaves the pool: {}", lease.cardId(), e.getMessage());
            return reject(req, secret, null, "card " + lease.cardId() + " failed: " + e.getMessage());
        }
        String stateId = HEX.formatHex(bytes(16));
        Conversation c = new Conversation(stateId, userName, who, lease, card, nanos.getAsLong());
        synchronized (c) {
            try {
                card.select();
                char[] pin = cfg.pin().read();
                try {
                    card.verifyPin(pin);
                } finally {
                    java.util.Arrays.fill(pin, '\0');
                }
                card.setIdentity(cfg.identity().isEmpty() ? card.preferredIdentity() : cfg.identity());
            } catch (EapCardException e) {
                c.end(null);
                ended(c, RadiusMetrics.Outcome.CARD_ERROR);
                LOG.error("card {} cannot serve: {}", lease.cardId(), e.getMessage());
                return reject(req, secret, null, "card " + lease.cardId() + " cannot serve: " + e.getMessage());
            } catch (TransportException e) {
                c.end(e.getMessage());
                ended(c, RadiusMetrics.Outcome.CARD_ERROR);
                return reject(req, secret, null, "card " + lease.cardId() + " failed: " + e.getMessage());
            }
            conversations.put(stateId, c);
            if (closing) { // close() may have gone through the conversations before this one was added
                finish(c, null, RadiusMetrics.Outcome.STOPPED);
                return null;
            }
            LOG.info("conversation {} for '{}' from {} on card {}", stateId.substring(0, 8), userName, who, lease.cardId());
            return relay(c, req, secret, eap);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** One EAP round in the card (the caller holds the conversation's lock). */
    private RadiusPacket relay(Conversation c, RadiusPacket req, byte[] secret, byte[] eap) {
        c.lastNanos = nanos.getAsLong();
        c.rounds++;
        EapSmartcard.EapResult r;
        try {
            r = c.card.processEap(eap);
        } catch (EapCardException e) {
            finish(c, null, RadiusMetrics.Outcome.REJECT);
            return reject(req, secret, null, "the card refused the EAP packet: " + e.getMessage());
        } catch (TransportException e) {
            finish(c, e.getMessage(), RadiusMetrics.Outcome.CARD_ERROR);
            LOG.warn("card {} leaves the pool: {}", c.lease.cardId(), e.getMessage());
            return reject(req, secret, null, "card " + c.lease.cardId() + " failed: " + e.getMessage());
        }
        switch (r.kind()) {
            case PACKET -> {
                List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(r.packet()));
                attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, c.stateBytes()));
                stats.challenges.incrementAndGet();
                return RadiusSigner.reply(req, RadiusCode.ACCESS_CHALLENGE, attrs, secret);
            }
            case SUCCESS -> {
                byte[] msk = c.card.sessionKey();
                String peer = parameter(c.card, 1);
                String subject = parameter(c.card, 2);
                try {
                    List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(r.packet()));
                    attrs.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, c.userName));
                    attrs.addAll(Mppe.mppeAttributes(java.util.Arrays.copyOf(msk, Mppe.MSK_LENGTH), secret, req.authenticator(), random));
                    stats.accepts.incrementAndGet();
                    LOG.info("Access-Accept for '{}' from {}: peer {} ({}), card {}, {} rounds", c.userName, c.client, peer, subject,
                            c.lease.cardId(), c.rounds);
                    return RadiusSigner.reply(req, RadiusCode.ACCESS_ACCEPT, attrs, secret);
                } finally {
                    java.util.Arrays.fill(msk, (byte) 0);
                    finish(c, null, RadiusMetrics.Outcome.ACCEPT);
                }
            }
            case FAILURE -> {
                String why = c.card.failureReason();
                finish(c, null, RadiusMetrics.Outcome.REJECT);
                return reject(req, secret, r.packet(), "'" + c.userName + "' from " + c.client + ": " + (why == null ? "the card's EAP method failed" : why));
            }
            case NO_RESPONSE -> {
                return null; // the card ignored it (e.g. a duplicate): so do we
            }
            default -> {
                finish(c, null, RadiusMetrics.Outcome.REJECT);
                return reject(req, secret, null, "the card answered " + r.kind() + " in an EAP server session");
            }
        }
    }

    private static String parameter(EapSmartcard card, int index) {
        try {
            return new String(card.exportedParameter(index), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private void finish(Conversation c, String cardFailure, RadiusMetrics.Outcome outcome) {
        conversations.remove(c.state);
        if (!c.ended) {
            c.end(cardFailure);
            ended(c, outcome);
        }
    }

    private void ended(Conversation c, RadiusMetrics.Outcome outcome) {
        metrics.conversationEnded(outcome, nanos.getAsLong() - c.startNanos);
    }

    private RadiusPacket reject(RadiusPacket req, byte[] secret, byte[] eapFailure, String why) {
        stats.rejects.incrementAndGet();
        LOG.info("Access-Reject: {}", why);
        List<RadiusAttribute> attrs = new ArrayList<>();
        byte[] failure = eapFailure;
        if (failure == null) {
            byte[] eap = req.eapMessage();
            int id = 0;
            try {
                id = eap == null ? 0 : EapPacket.parse(eap).identifier();
            } catch (RuntimeException ignored) {
                // not EAP: id 0
            }
            failure = EapPacket.failure(id).encode();
        }
        attrs.addAll(RadiusEapMessage.split(failure));
        String text = why.length() > 200 ? why.substring(0, 200) : why;
        attrs.add(RadiusAttribute.text(RadiusAttributeType.REPLY_MESSAGE, text));
        return RadiusSigner.reply(req, RadiusCode.ACCESS_REJECT, attrs, secret);
    }

    /** Ends conversations whose peer went quiet: the card is released, the State forgotten. */
    private void reap() {
        long now = nanos.getAsLong();
        long limit = TimeUnit.SECONDS.toNanos(config.conversationTimeoutSeconds());
        for (Conversation c : conversations.values()) {
            if (now - c.lastNanos > limit) {
                synchronized (c) {
                    if (!c.ended && now - c.lastNanos > limit) {
                        stats.timedOut.incrementAndGet();
                        LOG.info("conversation {} for '{}' from {} timed out after {} rounds: card {} released", c.state.substring(0, 8),
                                c.userName, c.client, c.rounds, c.lease.cardId());
                        finish(c, null, RadiusMetrics.Outcome.TIMEOUT);
                    }
                }
            }
        }
    }

    private boolean probe(String cardId) {
        boolean back = EapSmartcard.answers(readers, config.cards().get(Integer.parseInt(cardId)).reader());
        if (back) {
            LOG.info("card {} is back in the pool", cardId);
        }
        return back;
    }

    @Override
    public void close() {
        closing = true;
        timers.shutdownNow();
        if (socket != null) {
            socket.close();
        }
        for (Conversation c : conversations.values()) {
            synchronized (c) {
                finish(c, null, RadiusMetrics.Outcome.STOPPED);
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
        LOG.info("radius_server stopped: {}", stats);
    }
}
