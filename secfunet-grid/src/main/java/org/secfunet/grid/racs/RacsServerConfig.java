package org.secfunet.grid.racs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.Znodes;
import org.secfunet.grid.racs.client.RacsAddress;
import org.secfunet.service.MetricsEndpoint;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.service.HostPort;

/**
 * The RACS server's configuration: where to listen, its TLS material, limits, who may use which
 * SE, the SEs with their reader, AID allowlist, deny and allow rules, and the global deny rules.
 * {@link #load(Path)} reads and validates a TOML file (format in docs/racs.md); every problem is
 * one line naming the field. Relative paths (TLS files, {@code vcard:} stores) are relative to the
 * configuration file's directory. With a {@code [zookeeper]} table ({@link Grid}) the server
 * registers itself and its SEs in the grid's ZooKeeper registry. With {@code metrics} (null: none)
 * it serves Prometheus metrics there.
 */
public record RacsServerConfig(String listenHost, int listenPort, Tls tls, Limits limits, Map<String, List<String>> users,
        List<Se> secureElements, List<ApduRule> deny, Grid grid, MetricsEndpoint.Settings metrics) {

    /**
     * Registration in the grid's ZooKeeper registry ({@code [zookeeper]}): how to reach the ensemble,
     * the server's name there (null: its certificate's CN, known once {@code start()} reads it) and
     * the endpoint to publish (null: the listen address, with the bound port when listen says 0).
     */
    public record Grid(CoordSettings zookeeper, String name, HostPort advertise) {
        public Grid {
            Objects.requireNonNull(zookeeper, "zookeeper");
        }
    }

    /** Server certificate chain, its key, and the CA(s) client certificates must chain to (all PEM). */
    public record Tls(Path cert, Path key, Path clientCa) {
    }

    /**
     * Resource caps: request line length in bytes, lines per script (BEGIN and END included),
     * authenticated sessions in total and per client CN, idle and TLS handshake timeouts, and the
     * connections still in their TLS handshake (not authenticated yet) in total and per source
     * address, counted apart from the sessions so that they can never take an authenticated
     * client's place.
     */
    public record Limits(int maxLine, int maxLines, int maxSessions, int maxSessionsPerClient, int idleSeconds, int handshakeSeconds,
            int maxPendingHandshakes, int maxPendingPerSource) {
        public static final Limits DEFAULT = new Limits(32768, 64, 64, 4, 600, 5, 32, 16);
    }

    /**
     * One SE: its SEID, reader address, AID allowlist (upper-case hex, empty = no list), its own
     * deny rules, its allow rules (empty = no allow list: every command no deny rule matches), and
     * whether a power-on needs a fencing token (its own {@code fencing}, else the server's).
     */
    public record Se(String seid, String reader, List<String> aids, List<ApduRule> deny, List<ApduRule> allow, FencingMode fencing) {
        public Se {
            aids = List.copyOf(aids);
            deny = List.copyOf(deny);
            allow = List.copyOf(allow);
            Objects.requireNonNull(fencing, "fencing");
        }
    }

    public RacsServerConfig {
        users = Map.copyOf(users);
        secureElements = List.copyOf(secureElements);
        deny = List.copyOf(deny);
    }

    /** Reads and validates a configuration file. */
    public static RacsServerConfig load(Path file) {
        return validate(RacsConfigToml.read(file), file.toAbsolutePath().getParent(), file.toString());
    }

    /** Validates configuration text; relative paths are resolved against {@code baseDir}. */
    public static RacsServerConfig parse(String text, Path baseDir) {
        return validate(RacsConfigToml.read(text, "(text)"), baseDir, "(text)");
    }

    private static RacsServerConfig validate(RacsConfigToml.Root r, Path baseDir, String source) {
        Check c = new Check(source);
        if (r.listen == null) {
            throw c.fail("listen", "missing (e.g. listen = \"127.0.0.1:7777\")");
        }
        HostPort listen;
        try {
            listen = HostPort.parseListen(r.listen, "listen");
        } catch (IllegalArgumentException e) {
            throw new RacsConfigException("config " + source + ": " + e.getMessage());
        }
        Tls tls = tls(c, r.tls, baseDir);
        Limits limits = limits(c, r.limits);
        FencingMode fencing = fencing(c, "fencing", r.fencing, FencingMode.OPTIONAL);
        List<Se> ses = secureElements(c, r.se, baseDir, fencing);
        Set<String> seids = new HashSet<>();
        ses.forEach(se -> seids.add(se.seid()));
        Map<String, List<String>> users = users(c, r.users, seids);
        List<ApduRule> deny = rules(c, "deny", r.deny, false);
        MetricsEndpoint.Settings metrics;
        try {
            metrics = MetricsEndpoint.Settings.parse(r.metrics, r.metricsToken, baseDir);
        } catch (IllegalArgumentException e) {
            throw new RacsConfigException("config " + source + ": " + e.getMessage());
        }
        return new RacsServerConfig(listen.host(), listen.port(), tls, limits, users, ses, deny, grid(c, r, listen, baseDir), metrics);
    }

    /** The {@code [zookeeper]} table with {@code name} and {@code advertise}; null without the table (the keys are refused then). */
    private static Grid grid(Check c, RacsConfigToml.Root r, HostPort listen, Path baseDir) {
        if (r.zookeeper == null) {
            if (r.name != null) {
                throw c.fail("name", "is the server's name in the grid registry: it needs a [zookeeper] table");
            }
            if (r.advertise != null) {
                throw c.fail("advertise", "is published in the grid registry: it needs a [zookeeper] table");
            }
            return null;
        }
        CoordSettings zk;
        try {
            zk = CoordSettings.of(r.zookeeper, baseDir);
        } catch (IllegalArgumentException e) {
            throw new RacsConfigException("config " + c.source() + ": " + e.getMessage());
        }
        if (r.name != null) {
            try {
                Znodes.checkId("name", r.name);
            } catch (IllegalArgumentException e) {
                throw new RacsConfigException("config " + c.source() + ": " + e.getMessage());
            }
        }
        HostPort advertise = null;
        if (r.advertise != null) {
            try {
                advertise = HostPort.parse(r.advertise, "advertise");
            } catch (IllegalArgumentException e) {
                throw new RacsConfigException("config " + c.source() + ": " + e.getMessage());
            }
        } else if (wildcard(listen.host())) {
            throw c.fail("advertise", "missing: listen " + listen + " is a wildcard address; give advertise = \"host:port\", "
                    + "the address clients reach this server at");
        }
        return new Grid(zk, r.name, advertise);
    }

    /** Whether {@code host} means every local address (nothing a client can connect to). */
    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.matches("[0:]+"); // 0.0.0.0, ::, 0:0:0:0:0:0:0:0
    }

    private static Tls tls(Check c, RacsConfigToml.Tls t, Path baseDir) {
        if (t == null) {
            throw c.fail("tls", "missing table (cert, key, client_ca)");
        }
        return new Tls(file(c, "tls.cert", t.cert, baseDir), file(c, "tls.key", t.key, baseDir), file(c, "tls.client_ca", t.clientCa, baseDir));
    }

    private static Path file(Check c, String field, String value, Path baseDir) {
        if (value == null || value.isBlank()) {
            throw c.fail(field, "missing (a PEM file)");
        }
        Path p = baseDir.resolve(value).normalize();
        if (!Files.isRegularFile(p)) {
            throw c.fail(field, "file " + p + " does not exist");
        }
        return p;
    }

    private static Limits limits(Check c, RacsConfigToml.Limits l) {
        Limits d = Limits.DEFAULT;
        if (l == null) {
            return d;
        }
        int maxLine = range(c, "limits.max_line", l.maxLine, d.maxLine(), 256, 1 << 20);
        int maxLines = range(c, "limits.max_lines", l.maxLines, d.maxLines(), 2, RacsStatus.MAX_LINE_NUMBER + 1);
        int maxSessions = range(c, "limits.max_sessions", l.maxSessions, d.maxSessions(), 1, 100_000);
        int perClient = range(c, "limits.max_sessions_per_client", l.maxSessionsPerClient, Math.min(d.maxSessionsPerClient(), maxSessions), 1,
                maxSessions);
        int idle = range(c, "limits.idle_seconds", l.idleSeconds, d.idleSeconds(), 1, 86_400);
        int handshake = range(c, "limits.handshake_seconds", l.handshakeSeconds, d.handshakeSeconds(), 1, 300);
        int pending = range(c, "limits.max_pending_handshakes", l.maxPendingHandshakes, d.maxPendingHandshakes(), 1, 100_000);
        int pendingPerSource = range(c, "limits.max_pending_per_source", l.maxPendingPerSource, Math.min(d.maxPendingPerSource(), pending), 1,
                pending);
        return new Limits(maxLine, maxLines, maxSessions, perClient, idle, handshake, pending, pendingPerSource);
    }

    private static int range(Check c, String field, Integer value, int dflt, int min, int max) {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            throw c.fail(field, "must be " + min + ".." + max + ", not " + value);
        }
        return value;
    }

    private static FencingMode fencing(Check c, String field, String value, FencingMode dflt) {
        if (value == null) {
            return dflt;
        }
        FencingMode m = FencingMode.ofConfigName(value);
        if (m == null) {
            throw c.fail(field, "must be \"optional\" or \"required\", not '" + value + "'");
        }
        return m;
    }

    private static List<Se> secureElements(Check c, List<RacsConfigToml.Se> list, Path baseDir, FencingMode fencing) {
        if (list == null || list.isEmpty()) {
            throw c.fail("se", "no SE configured (add [[se]] tables with seid and reader)");
        }
        List<Se> out = new ArrayList<>();
        Map<String, String> readers = new HashMap<>();
        Set<String> seids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            RacsConfigToml.Se s = list.get(i);
            String at = "se[" + i + "]";
            if (s == null) {
                throw c.fail(at, "empty table");
            }
            if (s.seid == null) {
                throw c.fail(at + ".seid", "missing");
            }
            if (!s.seid.matches("[\\x21-\\x7E]{1,64}") || s.seid.equals(AccessPolicy.ALL) || s.seid.equals(RacsLine.APPEND)) {
                throw c.fail(at + ".seid", "'" + s.seid + "' must be 1 to 64 printable ASCII characters without spaces (not * or APPEND)");
            }
            if (!seids.add(s.seid)) {
                throw c.fail(at + ".seid", "SEID " + s.seid + " is configured twice");
            }
            String reader = reader(c, at + ".reader", s.reader, baseDir);
            String other = readers.putIfAbsent(reader, s.seid);
            if (other != null) {
                throw c.fail(at + ".reader", "reader " + reader + " is already used by SEID " + other);
            }
            List<String> aids = new ArrayList<>();
            if (s.aids != null) {
                for (int j = 0; j < s.aids.size(); j++) {
                    String aid = s.aids.get(j);
                    byte[] b = aid == null ? null : RacsHex.decodeOrNull(aid);
                    if (b == null || b.length < 5 || b.length > 16) {
                        throw c.fail(at + ".aids[" + j + "]", "'" + aid + "' is not an AID (5 to 16 bytes of hex)");
                    }
                    aids.add(aid.toUpperCase(Locale.ROOT));
                }
            }
            if (s.allow != null && s.allow.isEmpty()) {
                throw c.fail(at + ".allow", "lists no rule (remove it to let every command that no deny rule matches through)");
            }
            out.add(new Se(s.seid, reader, aids, rules(c, at + ".deny", s.deny, false), rules(c, at + ".allow", s.allow, true),
                    fencing(c, at + ".fencing", s.fencing, fencing)));
        }
        return out;
    }

    private static String reader(Check c, String field, String value, Path baseDir) {
        if (value == null || value.isBlank()) {
            throw c.fail(field, "missing (a PC/SC reader name or index, or vcard:FILE)");
        }
        ReaderAddress a;
        try {
            a = ReaderAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw c.fail(field, e.getMessage());
        }
        if (a instanceof RacsAddress) {
            throw c.fail(field, "a RACS server does not relay to another RACS server (" + value + ")");
        }
        return a.resolveAgainst(baseDir).text();
    }

    /** Deny or allow rules; {@code exactClaAllowed}: only allow rules may pin one CLA. */
    private static List<ApduRule> rules(Check c, String at, List<RacsConfigToml.Rule> list, boolean exactClaAllowed) {
        List<ApduRule> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            RacsConfigToml.Rule d = list.get(i);
            if (d == null) {
                throw c.fail(at + "[" + i + "]", "empty table");
            }
            boolean exact = Boolean.TRUE.equals(d.exactCla);
            if (exact && !exactClaAllowed) {
                throw c.fail(at + "[" + i + "].exact_cla",
                        "only allow rules may match one CLA exactly (a deny rule on one CLA is passed by the same command in another)");
            }
            try {
                out.add(ApduRule.parse(d.prefix, d.mask, exact));
            } catch (IllegalArgumentException e) {
                throw c.fail(at + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private static Map<String, List<String>> users(Check c, Map<String, Object> users, Set<String> seids) {
        if (users == null || users.isEmpty()) {
            throw c.fail("users", "no client is allowed (add [users] with CN = [\"SEID\", ...] or CN = [\"*\"])");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : users.entrySet()) {
            String cn = e.getKey();
            String at = "users.\"" + cn + "\"";
            if (cn.isBlank()) {
                throw c.fail(at, "empty CN");
            }
            List<String> list = new ArrayList<>();
            if (e.getValue() instanceof String s) {
                list.add(s);
            } else if (e.getValue() instanceof List<?> l) {
                for (Object o : l) {
                    if (!(o instanceof String s)) {
                        throw c.fail(at, "must list SEIDs as strings");
                    }
                    list.add(s);
                }
            } else {
                throw c.fail(at, "must be a list of SEIDs or \"*\"");
            }
            if (list.isEmpty()) {
                throw c.fail(at, "lists no SEID (remove the client or give it SEIDs)");
            }
            if (list.contains(AccessPolicy.ALL) && list.size() > 1) {
                throw c.fail(at, "\"*\" must stand alone");
            }
            for (String seid : list) {
                if (!seid.equals(AccessPolicy.ALL) && !seids.contains(seid)) {
                    throw c.fail(at, "SEID " + seid + " is not configured in any [[se]]");
                }
            }
            out.put(cn, List.copyOf(list));
        }
        return out;
    }

    private record Check(String source) {
        RacsConfigException fail(String field, String problem) {
            return new RacsConfigException("config " + source + ": " + field + ": " + problem);
        }
    }
}
