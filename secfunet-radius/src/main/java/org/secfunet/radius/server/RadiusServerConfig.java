package org.secfunet.radius.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                                 int maxConversations, long conversationTimeoutSeconds, long cardWaitMillis, Limits limits) {
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
                      @JsonProperty(value = "card", required = true) List<FileCard> card,
                      @JsonProperty("limits") FileLimits limits) {
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
        if (f.card().isEmpty()) {
            throw new IllegalArgumentException("no [[card]]: the EAP-TLS server runs in a card");
        }
        List<Card> cards = new ArrayList<>();
        for (FileCard c : f.card()) {
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
                TomlConfig.range("limits.card_wait_ms", l.cardWaitMs(), 2000, 0, 60_000), hogging);
    }
}
