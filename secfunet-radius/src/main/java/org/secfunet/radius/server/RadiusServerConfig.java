package org.secfunet.radius.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.Znodes;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.service.HostPort;
import org.secfunet.service.MetricsEndpoint;
import org.secfunet.service.SecretSpec;
import org.secfunet.service.TomlConfig;

/**
 * radius_server's configuration (TOML): where to listen, the RADIUS clients (NAS) and their shared
 * secrets, the cards that run the EAP-TLS server, and the limits on how long and how many cards a
 * conversation, a NAS and a calling station may hold. Paths are relative to the file; mistakes are
 * one line naming the field.
 */
public record RadiusServerConfig(String host, int port, MetricsEndpoint.Settings metrics, List<Client> clients, List<Card> cards,
                                 int maxConversations, long conversationTimeoutSeconds, long cardWaitMillis, Limits limits, Grid grid) {
    /** Wrong PINs per SE per window across every radius_server, by default ({@code pool.pin_max_failures}). */
    public static final int DEFAULT_POOL_PIN_MAX_FAILURES = 1;
    /** The window of {@code pool.pin_max_failures}, by default (seconds). */
    public static final long DEFAULT_POOL_PIN_WINDOW_SECONDS = 3600;

    /** A static configuration: its cards are {@code cards}, no ZooKeeper. */
    public RadiusServerConfig(String host, int port, MetricsEndpoint.Settings metrics, List<Client> clients, List<Card> cards,
                              int maxConversations, long conversationTimeoutSeconds, long cardWaitMillis, Limits limits) {
        this(host, port, metrics, clients, cards, maxConversations, conversationTimeoutSeconds, cardWaitMillis, limits, null);
    }

    /**
     * ZooKeeper mode ({@code [zookeeper]} and {@code [pool]}): the server-role cards are the SEs of
     * the pool {@code pool} in ZooKeeper ({@code secfunet grid pool add}), each conversation taking
     * its SE's grid lock as {@code name}. The PINs stay here: {@code pin} for every card of the
     * pool, or a {@code [[pool.card]]} entry's for its SEID; at most {@code pinMaxFailures} wrong
     * PINs per SE per {@code pinWindowSeconds}, counted in ZooKeeper across every radius_server.
     */
    public record Grid(CoordSettings zookeeper, String name, String pool, SecretSpec pin, String identity, Map<String, PoolCard> cards,
                       int pinMaxFailures, long pinWindowSeconds) {
        /** The PIN and identity for {@code seid}: its own entry's, else the pool's. */
        public PoolCard card(String seid) {
            PoolCard c = cards.get(seid);
            return c != null ? c : new PoolCard(pin, identity);
        }
    }

    /** One card's PIN source and identity (empty: the card's preferred one). */
    public record PoolCard(SecretSpec pin, String identity) {
    }

    record FilePoolCard(@JsonProperty(value = "seid", required = true) String seid, @JsonProperty("pin") String pin,
                        @JsonProperty("identity") String identity) {
    }

    record FilePool(@JsonProperty(value = "name", required = true) String name, @JsonProperty("pin") String pin,
                    @JsonProperty("identity") String identity, @JsonProperty("pin_max_failures") Integer pinMaxFailures,
                    @JsonProperty("pin_window_seconds") Long pinWindowSeconds, @JsonProperty("card") List<FilePoolCard> card) {
    }

    /** True in ZooKeeper mode. */
    public boolean onGrid() {
        return grid != null;
    }
    /** Default seconds a conversation may stay silent between two rounds before its card is freed. */
    public static final long DEFAULT_ROUND_TIMEOUT_SECONDS = 5;
    /** Default cards one calling station (Calling-Station-Id, or User-Name without it) may hold at once. */
    public static final int DEFAULT_MAX_CARDS_PER_STATION = 1;
    /** {@code max_cards_per_nas = 0}, the default: a NAS may hold every card (one NAS serving all stations is common). */
    public static final int NO_BOUND = 0;

    /**
     * What bounds card hogging: a conversation silent for {@code roundTimeoutSeconds} frees its card
     * (the whole conversation is bounded by {@code conversation_timeout_seconds}); one NAS address
     * holds at most {@code maxCardsPerNas} cards ({@link #NO_BOUND}: any number), one calling station
     * at most {@code maxCardsPerStation}. Starts waiting for a card count as held.
     */
    public record Limits(long roundTimeoutSeconds, int maxCardsPerNas, int maxCardsPerStation) {
    }

    /** A NAS: an address or CIDR block, and its shared secret's source. */
    public record Client(ClientAddress address, SecretSpec secret) {
    }

    /** A card: where it is, its PIN's source, and the server-role identity on it (empty: the preferred one). */
    public record Card(ReaderAddress reader, SecretSpec pin, String identity) {
    }

    record FileClient(@JsonProperty(value = "address", required = true) String address,
                      @JsonProperty(value = "secret", required = true) String secret) {
    }

    record FileCard(@JsonProperty(value = "reader", required = true) String reader, @JsonProperty(value = "pin", required = true) String pin,
                    @JsonProperty("identity") String identity) {
    }

    record FileLimits(@JsonProperty("max_conversations") Integer maxConversations,
                      @JsonProperty("conversation_timeout_seconds") Long conversationTimeoutSeconds,
                      @JsonProperty("card_wait_ms") Long cardWaitMs,
                      @JsonProperty("round_timeout_seconds") Long roundTimeoutSeconds,
                      @JsonProperty("max_cards_per_nas") Integer maxCardsPerNas,
                      @JsonProperty("max_cards_per_station") Integer maxCardsPerStation) {
    }

    record FileConfig(@JsonProperty(value = "listen", required = true) String listen,
                      @JsonProperty("metrics") String metrics, @JsonProperty("metrics_token") String metricsToken,
                      @JsonProperty(value = "client", required = true) List<FileClient> client,
                      @JsonProperty("card") List<FileCard> card,
                      @JsonProperty("limits") FileLimits limits, @JsonProperty("name") String name,
                      @JsonProperty("zookeeper") CoordSettings.Table zookeeper, @JsonProperty("pool") FilePool pool) {
    }

    public static RadiusServerConfig load(Path file) {
        return validate(TomlConfig.read(file, FileConfig.class), file.toAbsolutePath().getParent());
    }

    static RadiusServerConfig validate(FileConfig f, Path base) {
        HostPort listen = HostPort.parseListen(f.listen(), "listen");
        MetricsEndpoint.Settings metrics = MetricsEndpoint.Settings.parse(f.metrics(), f.metricsToken(), base);
        if (f.client().isEmpty()) {
            throw new IllegalArgumentException("no [[client]]: a RADIUS server answers only the clients it knows");
        }
        List<Client> clients = new ArrayList<>();
        for (FileClient c : f.client()) {
            try {
                clients.add(new Client(ClientAddress.parse(c.address()), new SecretSpec(c.secret(), base)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("client " + c.address() + ": " + e.getMessage());
            }
        }
        Grid grid = grid(f, base);
        List<FileCard> fileCards = f.card() == null ? List.of() : f.card();
        if (grid != null && !fileCards.isEmpty()) {
            throw new IllegalArgumentException("[[card]] and [zookeeper] do not go together: on ZooKeeper the cards are the pool's "
                    + "(secfunet grid pool add); remove the [[card]]s");
        }
        if (grid == null && fileCards.isEmpty()) {
            throw new IllegalArgumentException("no [[card]]: the EAP-TLS server runs in a card (or give [zookeeper] and [pool] to share a pool)");
        }
        List<Card> cards = new ArrayList<>();
        for (FileCard c : fileCards) {
            ReaderAddress a;
            try {
                a = ReaderAddress.parse(c.reader()).resolveAgainst(base);
                cards.add(new Card(a, new SecretSpec(c.pin(), base), c.identity() == null ? "" : c.identity()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("card " + c.reader() + ": " + e.getMessage());
            }
        }
        FileLimits l = f.limits() == null ? new FileLimits(null, null, null, null, null, null) : f.limits();
        Limits hogging = new Limits(TomlConfig.range("limits.round_timeout_seconds", l.roundTimeoutSeconds(), DEFAULT_ROUND_TIMEOUT_SECONDS, 1, 3600),
                TomlConfig.range("limits.max_cards_per_nas", l.maxCardsPerNas(), NO_BOUND, NO_BOUND, 100_000),
                TomlConfig.range("limits.max_cards_per_station", l.maxCardsPerStation(), DEFAULT_MAX_CARDS_PER_STATION, 1, 100_000));
        return new RadiusServerConfig(listen.host(), listen.port(), metrics, List.copyOf(clients), List.copyOf(cards),
                TomlConfig.range("limits.max_conversations", l.maxConversations(), 256, 1, 100_000),
                TomlConfig.range("limits.conversation_timeout_seconds", l.conversationTimeoutSeconds(), 30, 1, 3600),
                TomlConfig.range("limits.card_wait_ms", l.cardWaitMs(), 2000, 0, 60_000), hogging, grid);
    }

    /** The ZooKeeper mode's settings, or null for a static configuration; one-line errors naming the key. */
    private static Grid grid(FileConfig f, Path base) {
        if (f.zookeeper() == null) {
            if (f.pool() != null) {
                throw new IllegalArgumentException("[pool] needs a [zookeeper] table (connect, user, password): the pool is in ZooKeeper");
            }
            if (f.name() != null) {
                throw new IllegalArgumentException("name is for ZooKeeper mode: give [zookeeper] and [pool], or remove name");
            }
            return null;
        }
        CoordSettings zk = CoordSettings.of(f.zookeeper(), base);
        FilePool p = f.pool();
        if (p == null) {
            throw new IllegalArgumentException("[zookeeper] needs a [pool] table (name, pin): the pool of server-role cards to share");
        }
        if (f.name() == null) {
            throw new IllegalArgumentException("name is required with [zookeeper]: this radius_server's name, shown as the holder of its cards' locks");
        }
        String name = id("name", f.name());
        String pool = id("pool.name", p.name());
        Map<String, PoolCard> cards = new LinkedHashMap<>();
        for (FilePoolCard c : p.card() == null ? List.<FilePoolCard>of() : p.card()) {
            String seid = id("pool.card.seid", c.seid());
            if (c.pin() == null && c.identity() == null) {
                throw new IllegalArgumentException("pool.card " + seid + ": give its pin or its identity (else it needs no entry)");
            }
            if (c.pin() == null && p.pin() == null) {
                throw new IllegalArgumentException("pool.card " + seid + ": no pin, and the pool has none (pool.pin)");
            }
            if (cards.put(seid, new PoolCard(c.pin() == null ? new SecretSpec(p.pin(), base) : secret("pool.card " + seid + " pin", c.pin(), base),
                    c.identity() == null ? nz(p.identity()) : c.identity())) != null) {
                throw new IllegalArgumentException("pool.card " + seid + " is given twice");
            }
        }
        SecretSpec pin = p.pin() == null ? null : secret("pool.pin", p.pin(), base);
        if (pin == null && cards.isEmpty()) {
            throw new IllegalArgumentException("pool.pin is required (" + SecretSpec.FORMS + "), or a [[pool.card]] pin for each SEID");
        }
        return new Grid(zk, name, pool, pin, nz(p.identity()), Map.copyOf(cards),
                TomlConfig.range("pool.pin_max_failures", p.pinMaxFailures(), DEFAULT_POOL_PIN_MAX_FAILURES, 1, 10),
                TomlConfig.range("pool.pin_window_seconds", p.pinWindowSeconds(), DEFAULT_POOL_PIN_WINDOW_SECONDS, 1, 86_400));
    }

    private static String id(String key, String value) {
        try {
            return Znodes.checkId(key, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static SecretSpec secret(String key, String spec, Path base) {
        try {
            return new SecretSpec(spec, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
