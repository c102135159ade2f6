package org.secfunet.radius.server;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.secfunet.apdu.TransportException;
import org.secfunet.coord.CoordinationException;
import org.secfunet.coord.CoordinationUnavailableException;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.eap.packet.EapCode;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.EapCardCommands.Parameter;
import org.secfunet.pcsc.eapcard.ServiceCard;
import org.secfunet.radius.packet.DuplicateCache;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusFormatException;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.radius.packet.RadiusVerifier;
import org.secfunet.radius.packet.RequestKey;
import org.secfunet.service.CardPool;
import org.secfunet.service.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * radius_server's logic with no socket and no thread of its own: a datagram and where it came
 * from in, a reply datagram or a drop (with its reason) out. Datagrams from unknown clients,
 * malformed ones and ones with a bad authenticator are dropped and counted (RFC 3579 §3.2);
 * retransmissions get the cached reply (RFC 5080 §2.2.2); each EAP conversation holds one card of
 * the pool from its EAP-Response/Identity to its end, the card running the EAP-TLS server, within
 * the share of cards its NAS and its calling station may hold ({@link CardQuota}). Time is the
 * injected clock's; {@link #reap()} ends the conversations whose peer went quiet for a round or that
 * ran too long. A peer's text is logged escaped ({@link LogText}), the drops it can repeat at will
 * throttled ({@link ThrottledLog}). Thread-safe: datagrams may be dispatched from many threads at once.
 */
public final class RadiusDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusDispatcher.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Bytes of randomness in a State attribute naming a conversation. */
    private static final int STATE_BYTES = 16;

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
    private final CardQuota quota;
    private final ThrottledLog floods;
    private final CardSource cards;
    private final GridCardStats gridStats;
    private volatile boolean closing;

    /** A dispatcher over the static {@code [[card]]} list of {@code config}. */
    public RadiusDispatcher(RadiusServerConfig config, Readers readers, LongSupplier nanos) {
        this(config, readers, nanos, null);
    }

    /**
     * A dispatcher whose cards are the static list ({@code coord} null) or, in ZooKeeper mode, the
     * SEs of {@code config.grid()}'s pool through {@code coord} (started and closed by the caller).
     */
    public RadiusDispatcher(RadiusServerConfig config, Readers readers, LongSupplier nanos, GridCoordinator coord) {
        if (config.onGrid() != (coord != null)) {
            throw new IllegalArgumentException("a radius_server in ZooKeeper mode needs a coordinator, and only then");
        }
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
        this.quota = new CardQuota(config.limits().maxCardsPerNas(), config.limits().maxCardsPerStation());
        this.floods = new ThrottledLog(LOG, nanos);
        if (coord == null) {
            this.gridStats = null;
            this.cards = new StaticCards(config, readers, pool, cardIds);
        } else {
            this.gridStats = new GridCardStats();
            this.cards = new GridCards(config.grid(), coord, readers, gridStats, nanos);
            metrics.bindGrid(gridStats);
        }
    }

    /** The cards out of this instance's pool on ZooKeeper (held out for their PIN, see {@link PoolPins}), with why; empty in static mode. */
    public Map<String, String> gridCardsOut() {
        return cards instanceof GridCards g ? g.out() : Map.of();
    }

    /**
     * In ZooKeeper mode, reads the PIN source of each SE held out for its PIN again when due, and
     * takes back those whose source now gives another PIN (radius_server's probe timer); nothing in static mode.
     */
    public void recheckGridPins() {
        if (cards instanceof GridCards g) {
            g.recheckPins();
        }
    }

    public RadiusStats stats() {
        return stats;
    }

    public RadiusMetrics metrics() {
        return metrics;
    }

    public CardPool pool() {
        return pool;
    }

    public int conversations() {
        return conversations.size();
    }

    private byte[] secretFor(InetAddress a) {
        for (int i = 0; i < config.clients().size(); i++) {
            if (config.clients().get(i).address().matches(a)) {
                return secrets.get(i);
            }
        }
        return null;
    }

    /** What to do with the datagram {@code data} from {@code from}:{@code fromPort}. */
    public Dispatch dispatch(byte[] data, InetAddress from, int fromPort) {
        String who = from.getHostAddress() + ":" + fromPort;
        byte[] secret = secretFor(from);
        if (secret == null) {
            stats.unknownClient.incrementAndGet();
            floods.warn("datagrams from unknown clients", "dropped a datagram from {}: not a configured client", who);
            return new Dispatch.Drop("not a configured client");
        }
        RadiusPacket req;
        try {
            req = RadiusPacket.parse(data);
        } catch (RadiusFormatException e) {
            stats.malformed.incrementAndGet();
            floods.warn("malformed datagrams", "dropped a malformed datagram from {}: {}", who, LogText.escape(e.getMessage()));
            return new Dispatch.Drop("malformed: " + e.getMessage());
        }
        if (req.code() != RadiusCode.ACCESS_REQUEST) {
            stats.malformed.incrementAndGet();
            floods.warn("malformed datagrams", "dropped a {} from {}: only Access-Request is served", req.code(), who);
            return new Dispatch.Drop("only Access-Request is served, not " + req.code());
        }
        String problem = RadiusVerifier.requestProblem(req, secret, true);
        if (problem != null) {
            stats.badAuthenticator.incrementAndGet();
            floods.warn("datagrams with a bad authenticator", "dropped an Access-Request from {} (id {}): {}", who, req.identifier(), problem);
            return new Dispatch.Drop("bad authenticator: " + problem);
        }
        RequestKey key = RequestKey.of(from.getHostAddress(), fromPort, req);
        DuplicateCache.Check check = duplicates.begin(key);
        switch (check.status()) {
            case ANSWERED -> {
                stats.duplicates.incrementAndGet();
                return new Dispatch.Reply(check.reply());
            }
            case IN_PROGRESS -> {
                stats.duplicates.incrementAndGet();
                return new Dispatch.Drop("a duplicate of a request still being answered");
            }
            case NEW -> {
                // processed below
            }
        }
        RadiusPacket reply;
        try {
            reply = answer(req, secret, from.getHostAddress(), who);
        } catch (RuntimeException e) {
            duplicates.forget(key);
            LOG.error("request from {} failed: {}", who, LogText.escape(e.toString()));
            return new Dispatch.Drop("the request failed: " + e);
        }
        if (reply == null) {
            duplicates.forget(key); // dropped: a retransmission may succeed
            return new Dispatch.Drop("not answered now: a retransmission may be");
        }
        byte[] bytes = reply.encode();
        duplicates.remember(key, bytes);
        return new Dispatch.Reply(bytes);
    }

    /** The reply to a verified Access-Request, or null to drop it. */
    private RadiusPacket answer(RadiusPacket req, byte[] secret, String nas, String who) {
        byte[] eap = req.eapMessage();
        if (eap == null) {
            return refuse(req, secret, "requests without EAP", "no EAP-Message: only EAP authentication is offered", who);
        }
        byte[] state = req.state();
        if (state == null) {
            return start(req, secret, eap, nas, who);
        }
        Conversation c = conversations.get(new String(state, StandardCharsets.US_ASCII));
        if (c == null) {
            stats.unknownState.incrementAndGet();
            return refuse(req, secret, "requests with an unknown State", "State names no conversation (ended or timed out)", who);
        }
        return c.exclusive(() -> {
            if (c.ended()) {
                stats.unknownState.incrementAndGet();
                return refuse(req, secret, "requests with an unknown State", "the conversation already ended", who);
            }
            return relay(c, req, secret, eap);
        });
    }

    private RadiusPacket start(RadiusPacket req, byte[] secret, byte[] eap, String nas, String who) {
        EapPacket p;
        try {
            p = EapPacket.parse(eap);
        } catch (RuntimeException e) {
            return refuse(req, secret, "requests without EAP", "EAP-Message is not an EAP packet: " + e.getMessage(), who);
        }
        if (p.code() != EapCode.RESPONSE || p.type() != EapType.IDENTITY) {
            return refuse(req, secret, "requests without EAP", "a conversation starts with EAP-Response/Identity", who);
        }
        RadiusAttribute un = req.attribute(RadiusAttributeType.USER_NAME);
        String userName = un != null ? new String(un.value(), StandardCharsets.UTF_8) : new String(p.typeData(), StandardCharsets.UTF_8);
        CardQuota.Hold hold;
        try {
            hold = quota.take(nas, station(req, userName));
        } catch (CardQuota.Exceeded e) {
            stats.overQuota.incrementAndGet();
            return refuse(req, secret, "starts over their share of the cards", "no card for '" + userName + "': " + e.getMessage(), who);
        }
        CardSource.Taken taken;
        try {
            taken = cards.take(config.cardWaitMillis());
        } catch (CardSource.Busy e) {
            hold.release();
            stats.droppedBusy.incrementAndGet();
            floods.warn("starts with no free card", "no free card for '{}' from {} ({}): dropped, the NAS will retransmit",
                    LogText.escape(userName), who, e.getMessage());
            return null;
        } catch (CardSource.Unavailable | CardSource.Failed e) {
            hold.release();
            return reject(req, secret, null, e.getMessage());
        } catch (CoordinationUnavailableException e) {
            hold.release();
            gridStats.refusedNoCoordination.incrementAndGet();
            return refuse(req, secret, "starts refused while ZooKeeper is unavailable", "no card for '" + userName + "': " + e.getMessage(), who);
        } catch (CoordinationException e) {
            hold.release();
            return refuse(req, secret, "starts refused by ZooKeeper", "no card for '" + userName + "': " + e.getMessage(), who);
        } catch (InterruptedException e) {
            hold.release();
            Thread.currentThread().interrupt();
            return null;
        }
        CardLease lease = taken.lease();
        EapSmartcard card = taken.card();
        Conversation c = new Conversation(HEX.formatHex(randomBytes(STATE_BYTES)), userName, who, lease, hold, card, nanos.getAsLong());
        return c.exclusive(() -> {
            try {
                card.setIdentity(ServiceCard.open(card, taken.pin()::present, taken.identity()));
            } catch (EapCardException e) {
                c.end(null);
                ended(c, RadiusMetrics.Outcome.CARD_ERROR);
                LOG.error("card {} cannot serve: {}", lease.cardId(), e.getMessage());
                return reject(req, secret, null, "card " + lease.cardId() + " cannot serve: " + e.getMessage());
            } catch (TransportException e) {
                c.end(e);
                ended(c, RadiusMetrics.Outcome.CARD_ERROR);
                return reject(req, secret, null, "card " + lease.cardId() + " failed: " + e.getMessage());
            } catch (CardSource.Failed | CoordinationException e) {
                c.end(null);
                ended(c, RadiusMetrics.Outcome.CARD_ERROR);
                return reject(req, secret, null, e.getMessage());
            }
            conversations.put(c.state, c);
            if (closing) { // close() may have gone through the conversations before this one was added
                finish(c, null, RadiusMetrics.Outcome.STOPPED);
                return null;
            }
            LOG.info("conversation {} for '{}' from {} on card {}", c.shortName(), LogText.escape(userName), who, lease.cardId());
            return relay(c, req, secret, eap);
        });
    }

    /** Who the peer is, for {@link CardQuota}: the Calling-Station-Id its NAS saw (RFC 2865 §5.31), or its User-Name. */
    private static String station(RadiusPacket req, String userName) {
        RadiusAttribute csid = req.attribute(RadiusAttributeType.CALLING_STATION_ID);
        return csid != null ? "calling station '" + new String(csid.value(), StandardCharsets.UTF_8) + "'" : "user '" + userName + "'";
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** One EAP round in the card (the caller holds the conversation's lock). */
    private RadiusPacket relay(Conversation c, RadiusPacket req, byte[] secret, byte[] eap) {
        EapSmartcard.EapResult r;
        try {
            r = c.round(eap, nanos.getAsLong());
            c.answered(nanos.getAsLong());
        } catch (EapCardException e) {
            finish(c, null, RadiusMetrics.Outcome.REJECT);
            return reject(req, secret, null, "the card refused the EAP packet: " + e.getMessage());
        } catch (TransportException e) {
            finish(c, e, RadiusMetrics.Outcome.CARD_ERROR);
            LOG.warn("card {} leaves the pool: {}", c.lease.cardId(), e.getMessage());
            return reject(req, secret, null, "card " + c.lease.cardId() + " failed: " + e.getMessage());
        }
        switch (r.kind()) {
            case PACKET -> {
                stats.challenges.incrementAndGet();
                return AccessReplies.challenge(req, secret, r.packet(), c.stateBytes());
            }
            case SUCCESS -> {
                return accept(c, req, secret, r.packet());
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

    /** The Access-Accept with the card's EAP-Success and MSK; the conversation ends. */
    private RadiusPacket accept(Conversation c, RadiusPacket req, byte[] secret, byte[] eapSuccess) {
        byte[] msk = c.card.sessionKey();
        String peer = parameter(c.card, Parameter.PEER_ID);
        String subject = parameter(c.card, Parameter.SERVER_ID); // the peer certificate's subject (docs/eap-card.md)
        try {
            RadiusPacket accept = AccessReplies.accept(req, secret, eapSuccess, c.userName, msk, random);
            stats.accepts.incrementAndGet();
            LOG.info("Access-Accept for '{}' from {}: peer {} ({}), card {}, {} rounds", LogText.escape(c.userName), c.client,
                    LogText.escape(peer), LogText.escape(subject), c.lease.cardId(), c.rounds());
            return accept;
        } finally {
            Arrays.fill(msk, (byte) 0);
            finish(c, null, RadiusMetrics.Outcome.ACCEPT);
        }
    }

    private static String parameter(EapSmartcard card, int index) {
        try {
            return new String(card.exportedParameter(index), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private void finish(Conversation c, RuntimeException cardFailure, RadiusMetrics.Outcome outcome) {
        conversations.remove(c.state);
        if (!c.ended()) {
            c.end(cardFailure);
            ended(c, outcome);
        }
    }

    private void ended(Conversation c, RadiusMetrics.Outcome outcome) {
        metrics.conversationEnded(outcome, nanos.getAsLong() - c.startNanos);
    }

    private RadiusPacket reject(RadiusPacket req, byte[] secret, byte[] eapFailure, String why) {
        stats.rejects.incrementAndGet();
        LOG.info("Access-Reject: {}", LogText.escape(why));
        return AccessReplies.reject(req, secret, eapFailure, why);
    }

    /** An Access-Reject that took no card: a peer can ask for it at will, so its log line is throttled by {@code kind}. */
    private RadiusPacket refuse(RadiusPacket req, byte[] secret, String kind, String why, String who) {
        stats.rejects.incrementAndGet();
        floods.warn(kind, "Access-Reject to {}: {}", who, LogText.escape(why));
        return AccessReplies.reject(req, secret, null, why);
    }

    /**
     * Ends the conversations whose peer was quiet for a round's time ({@code round_timeout_seconds},
     * at most the conversation's) or that began more than {@code conversation_timeout_seconds} ago:
     * the card is released, the State forgotten.
     */
    public void reap() {
        long now = nanos.getAsLong();
        long whole = TimeUnit.SECONDS.toNanos(config.conversationTimeoutSeconds());
        long round = Math.min(whole, TimeUnit.SECONDS.toNanos(config.limits().roundTimeoutSeconds()));
        for (Conversation c : conversations.values()) {
            if (c.quietLongerThan(now, round) || c.olderThan(now, whole)) {
                c.exclusive(() -> {
                    if (!c.ended() && (c.quietLongerThan(now, round) || c.olderThan(now, whole))) {
                        stats.timedOut.incrementAndGet();
                        LOG.info("conversation {} for '{}' from {} timed out after {} rounds: card {} released", c.shortName(),
                                LogText.escape(c.userName), c.client, c.rounds(), c.lease.cardId());
                        finish(c, null, RadiusMetrics.Outcome.TIMEOUT);
                    }
                    return null;
                });
            }
        }
    }

    /** True when card {@code cardId}, out of the pool, answers again (the pool's probe). */
    public boolean probe(String cardId) {
        boolean back = EapSmartcard.answers(readers, config.cards().get(Integer.parseInt(cardId)).reader());
        if (back) {
            LOG.info("card {} is back in the pool", cardId);
        }
        return back;
    }

    /** Ends every conversation (STOPPED) and refuses to start new ones. */
    public void close() {
        closing = true;
        for (Conversation c : conversations.values()) {
            c.exclusive(() -> {
                finish(c, null, RadiusMetrics.Outcome.STOPPED);
                return null;
            });
        }
    }
}
