package org.secfunet.grid.hypervisor;

import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.Znodes;
import org.secfunet.service.SecretSpec;
import org.secfunet.service.TomlConfig;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secfunet.service.HostPort;
import org.secfunet.service.MetricsEndpoint;
import org.secfunet.grid.racs.client.RacsAddress;
import org.secfunet.pcsc.ReaderAddress;

/**
 * The s_hypervisor configuration (TOML). Paths are relative to the config file. Validation gives
 * one-line errors naming the field.
 * <p>
 * With a {@code [zookeeper]} table ({@link #zookeeper()} not null) the hypervisor serves the grid
 * on ZooKeeper: VM bindings and where each SE is come from ZooKeeper, so there is no {@code [[vm]]}
 * (refused) and a {@code [[card]]} only gives the operator-held PIN of an SE ({@code id} = SEID,
 * {@code pin}; no {@code reader}); {@code [racs]} is required. {@link #name()} is this hypervisor's
 * name as lock holder (null when not given: then {@code host:port} it listens on).
 */
public record HypervisorConfig(HostPort listen, MetricsEndpoint.Settings metrics, Path cert, Path key, Path vmCa,
                               Path racsCert, Path racsKey, Path racsCa,
                               int maxConnections, int maxWaiters, long queueWaitMillis, long retryAfterMillis,
                               int pinMaxFailures, long pinWindowSeconds, int pinReserve,
                               long probeMillis, long handshakeTimeoutMillis, long idleSeconds, long cardKeepMillis,
                               Map<String, Card> cards, Map<String, Vm> vms, Admission admission,
                               String name, CoordSettings zookeeper) {
    /**
     * How long a card verified with its operator-held PIN stays open and verified after a handshake,
     * for its VM's next one ({@code limits.card_keep_ms}; 0 closes it after every handshake).
     */
    public static final long DEFAULT_CARD_KEEP_MS = 5_000;

    /** A card id, in the config and in a VM's {@code card=} option. */
    static final String CARD_ID = "[A-Za-z0-9_.-]{1,64}";

    /**
     * VM connections that have not authenticated yet (TLS handshake not finished): at most
     * {@code maxPending} at once and {@code maxPendingPerSource} from one address, each given
     * {@code handshakeMillis} to finish its handshake. Counted apart from {@code maxConnections}
     * (authenticated VMs), so that clients without a certificate never take a VM's place.
     */
    public record Admission(int maxPending, int maxPendingPerSource, long handshakeMillis) {
    }

    /**
     * A card of the pool: where it is, the identity on it to use, and an optional operator-held PIN
     * (a secret source or the reader's pinpad, {@link OperatorPin}).
     * In ZooKeeper mode {@code id} is a SEID and {@code reader} is null (the registry says where it is).
     */
    public record Card(String id, ReaderAddress reader, String identity, OperatorPin pin) {
    }

    /** A VM: the CN of its client certificate, its cards, its allowed modes and targets (empty = any). */
    public record Vm(String name, List<String> cards, Set<Mode> modes, Set<String> targets) {
    }

    public enum Mode { TUNNEL, HANDOFF }

    // ---- the file's shape (Jackson), kept apart from the validated record above

    record FileTls(@JsonProperty(value = "cert", required = true) String cert, @JsonProperty(value = "key", required = true) String key,
                   @JsonProperty(value = "vm_ca", required = true) String vmCa) {
    }

    record FileRacs(@JsonProperty(value = "cert", required = true) String cert, @JsonProperty(value = "key", required = true) String key,
                    @JsonProperty(value = "ca", required = true) String ca) {
    }

    record FileQueue(@JsonProperty("max_waiters") Integer maxWaiters, @JsonProperty("wait_ms") Long waitMs,
                     @JsonProperty("retry_after_ms") Long retryAfterMs) {
    }

    record FilePin(@JsonProperty("max_failures") Integer maxFailures, @JsonProperty("window_seconds") Long windowSeconds,
                   @JsonProperty("reserve") Integer reserve) {
    }

    record FileLimits(@JsonProperty("max_connections") Integer maxConnections, @JsonProperty("handshake_timeout_ms") Long handshakeTimeoutMs,
                      @JsonProperty("idle_seconds") Long idleSeconds, @JsonProperty("probe_ms") Long probeMs,
                      @JsonProperty("max_pending_handshakes") Integer maxPendingHandshakes,
                      @JsonProperty("max_pending_per_source") Integer maxPendingPerSource,
                      @JsonProperty("vm_handshake_ms") Long vmHandshakeMs, @JsonProperty("card_keep_ms") Long cardKeepMs) {
    }

    record FileCard(@JsonProperty(value = "id", required = true) String id, @JsonProperty("reader") String reader,
                    @JsonProperty("identity") String identity, @JsonProperty("pin") String pin) {
    }

    record FileVm(@JsonProperty(value = "name", required = true) String name, @JsonProperty(value = "cards", required = true) List<String> cards,
                  @JsonProperty("modes") List<String> modes, @JsonProperty("targets") List<String> targets) {
    }

    record FileConfig(@JsonProperty(value = "listen", required = true) String listen, @JsonProperty("metrics") String metrics,
                      @JsonProperty("metrics_token") String metricsToken,
                      @JsonProperty(value = "tls", required = true) FileTls tls, @JsonProperty("racs") FileRacs racs,
                      @JsonProperty("queue") FileQueue queue, @JsonProperty("pin") FilePin pin, @JsonProperty("limits") FileLimits limits,
                      @JsonProperty("card") List<FileCard> card, @JsonProperty("vm") List<FileVm> vm,
                      @JsonProperty("name") String name, @JsonProperty("zookeeper") CoordSettings.Table zookeeper) {
    }

    /** Reads and validates a config file; {@link IllegalArgumentException} with a one-line message otherwise. */
    public static HypervisorConfig load(Path file) {
        return validate(TomlConfig.read(file, FileConfig.class), file.toAbsolutePath().getParent());
    }

    static HypervisorConfig validate(FileConfig f, Path base) {
        HostPort listen = HostPort.parseListen(f.listen(), "listen");
        MetricsEndpoint.Settings metrics = MetricsEndpoint.Settings.parse(f.metrics(), f.metricsToken(), base);
        FileQueue q = f.queue() == null ? new FileQueue(null, null, null) : f.queue();
        FilePin p = f.pin() == null ? new FilePin(null, null, null) : f.pin();
        FileLimits l = f.limits() == null ? new FileLimits(null, null, null, null, null, null, null, null) : f.limits();
        if (f.zookeeper() != null) {
            return onZookeeper(f, base, listen, metrics, q, p, l);
        }
        if (f.card() == null || f.card().isEmpty()) {
            throw new IllegalArgumentException("config: no [[card]] (give the pool's cards, or a [zookeeper] table to serve a grid)");
        }
        if (f.vm() == null || f.vm().isEmpty()) {
            throw new IllegalArgumentException("config: no [[vm]] (give the VMs and their cards, or a [zookeeper] table to serve a grid)");
        }
        Map<String, Card> cards = new LinkedHashMap<>();
        boolean needsRacs = false;
        for (FileCard c : f.card()) {
            if (c.reader() == null) {
                throw new IllegalArgumentException("card " + c.id() + " has no reader");
            }
            if (c.id() == null || !c.id().matches(CARD_ID)) {
                throw new IllegalArgumentException("card id '" + c.id() + "' must be 1-64 letters, digits, '_', '.' or '-'");
            }
            ReaderAddress a;
            try {
                a = ReaderAddress.parse(c.reader());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("card " + c.id() + ": " + e.getMessage());
            }
            a = a.resolveAgainst(base);
            needsRacs |= a instanceof RacsAddress;
            OperatorPin pin = operatorPin(c, base);
            if (pin != null && pin.pinPad() && a instanceof RacsAddress) {
                throw new IllegalArgumentException("card " + c.id() + ": pin = \"pinpad\" needs a local reader (a RACS server's SE has no pinpad "
                        + "the hypervisor can reach): give " + SecretSpec.FORMS);
            }
            if (cards.put(c.id(), new Card(c.id(), a, c.identity() == null ? "" : c.identity(), pin)) != null) {
                throw new IllegalArgumentException("card id '" + c.id() + "' appears twice");
            }
        }
        Map<String, Vm> vms = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (FileVm v : f.vm()) {
            if (v.name() == null || v.name().isBlank() || v.name().length() > 128) {
                throw new IllegalArgumentException("a [[vm]] needs a name (the CN of its client certificate, at most 128 characters)");
            }
            if (v.cards().isEmpty()) {
                throw new IllegalArgumentException("vm " + v.name() + " has no card");
            }
            for (String c : v.cards()) {
                if (!cards.containsKey(c)) {
                    throw new IllegalArgumentException("vm " + v.name() + " names card '" + c + "', which no [[card]] defines");
                }
                String prev = owner.put(c, v.name());
                if (prev != null && !prev.equals(v.name())) {
                    throw new IllegalArgumentException("card " + c + " is bound to both vm " + prev + " and vm " + v.name()
                            + " (a card serves one VM, so no VM can spend another's PIN tries)");
                }
            }
            Set<Mode> modes = new HashSet<>();
            for (String m : v.modes() == null ? List.of("tunnel", "handoff") : v.modes()) {
                modes.add(switch (m) {
                    case "tunnel" -> Mode.TUNNEL;
                    case "handoff" -> Mode.HANDOFF;
                    default -> throw new IllegalArgumentException("vm " + v.name() + ": unknown mode '" + m + "' (tunnel or handoff)");
                });
            }
            Set<String> targets = new HashSet<>();
            for (String t : v.targets() == null ? List.<String>of() : v.targets()) {
                targets.add(HostPort.parse(t, "vm " + v.name() + " target").toString());
            }
            if (vms.put(v.name(), new Vm(v.name(), List.copyOf(v.cards()), Set.copyOf(modes), Set.copyOf(targets))) != null) {
                throw new IllegalArgumentException("vm '" + v.name() + "' appears twice");
            }
        }
        if (needsRacs && f.racs() == null) {
            throw new IllegalArgumentException("a card is on a RACS grid: give [racs] cert, key and ca (the hypervisor's client certificate)");
        }
        return build(f, base, listen, metrics, q, p, l, cards, vms, null);
    }

    /** The ZooKeeper mode: no [[vm]], [[card]] only as SEID and operator PIN, [racs] required. */
    private static HypervisorConfig onZookeeper(FileConfig f, Path base, HostPort listen, MetricsEndpoint.Settings metrics, FileQueue q,
                                                FilePin p, FileLimits l) {
        CoordSettings zk = CoordSettings.of(f.zookeeper(), base);
        if (f.vm() != null && !f.vm().isEmpty()) {
            throw new IllegalArgumentException("[[vm]] is not used with [zookeeper] (bindings live in ZooKeeper): move them there with "
                    + "`secfunet grid import " + "FILE` and remove them from this file");
        }
        if (f.racs() == null) {
            throw new IllegalArgumentException("[zookeeper] needs [racs] cert, key and ca (the hypervisor's client certificate toward the RACS servers)");
        }
        Map<String, Card> cards = new LinkedHashMap<>();
        for (FileCard c : f.card() == null ? List.<FileCard>of() : f.card()) {
            Znodes.checkId("card id (a SEID with [zookeeper])", c.id());
            if (c.reader() != null) {
                throw new IllegalArgumentException("card " + c.id() + ": no reader with [zookeeper] (the registry says which RACS server has the SE): remove it");
            }
            OperatorPin pin = operatorPin(c, base);
            if (pin != null && pin.pinPad()) {
                throw new IllegalArgumentException("card " + c.id() + ": pin = \"pinpad\" is not for [zookeeper] (the SEs are reached through "
                        + "RACS servers, with no pinpad the hypervisor can reach): give " + SecretSpec.FORMS);
            }
            if (cards.put(c.id(), new Card(c.id(), null, c.identity() == null ? "" : c.identity(), pin)) != null) {
                throw new IllegalArgumentException("card id '" + c.id() + "' appears twice");
            }
        }
        return build(f, base, listen, metrics, q, p, l, cards, Map.of(), zk);
    }

    private static OperatorPin operatorPin(FileCard c, Path base) {
        try {
            return c.pin() == null ? null : OperatorPin.parse(c.pin(), base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("card " + c.id() + ": " + e.getMessage());
        }
    }

    private static HypervisorConfig build(FileConfig f, Path base, HostPort listen, MetricsEndpoint.Settings metrics, FileQueue q, FilePin p,
                                          FileLimits l, Map<String, Card> cards, Map<String, Vm> vms, CoordSettings zk) {
        String name = f.name();
        if (name != null && (name.isEmpty() || name.length() > 128 || !name.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e))) {
            throw new IllegalArgumentException("name = '" + HostPort.printable(name) + "' must be 1-128 printable ASCII characters without space");
        }
        return new HypervisorConfig(listen, metrics, base.resolve(f.tls().cert()), base.resolve(f.tls().key()), base.resolve(f.tls().vmCa()),
                f.racs() == null ? null : base.resolve(f.racs().cert()), f.racs() == null ? null : base.resolve(f.racs().key()),
                f.racs() == null ? null : base.resolve(f.racs().ca()),
                TomlConfig.range("limits.max_connections", l.maxConnections(), 512, 1, 100_000),
                TomlConfig.range("queue.max_waiters", q.maxWaiters(), 64, 0, 100_000),
                TomlConfig.range("queue.wait_ms", q.waitMs(), 5_000L, 0, 600_000),
                TomlConfig.range("queue.retry_after_ms", q.retryAfterMs(), 500L, 1, 600_000),
                TomlConfig.range("pin.max_failures", p.maxFailures(), 3, 1, 1000),
                TomlConfig.range("pin.window_seconds", p.windowSeconds(), 300L, 1, 86_400),
                TomlConfig.range("pin.reserve", p.reserve(), 1, 0, 15),
                TomlConfig.range("limits.probe_ms", l.probeMs(), 1_000L, 50, 600_000),
                TomlConfig.range("limits.handshake_timeout_ms", l.handshakeTimeoutMs(), 30_000L, 100, 600_000),
                TomlConfig.range("limits.idle_seconds", l.idleSeconds(), 600L, 1, 86_400),
                TomlConfig.range("limits.card_keep_ms", l.cardKeepMs(), DEFAULT_CARD_KEEP_MS, 0, 600_000),
                Map.copyOf(cards), Map.copyOf(vms), admission(l), name, zk);
    }

    private static Admission admission(FileLimits l) {
        int pending = TomlConfig.range("limits.max_pending_handshakes", l.maxPendingHandshakes(), 64, 1, 100_000);
        return new Admission(pending,
                TomlConfig.range("limits.max_pending_per_source", l.maxPendingPerSource(), Math.min(32, pending), 1, pending),
                TomlConfig.range("limits.vm_handshake_ms", l.vmHandshakeMs(), 5_000L, 100, 600_000));
    }
}
