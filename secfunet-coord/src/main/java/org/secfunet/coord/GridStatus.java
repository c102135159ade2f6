package org.secfunet.coord;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code secfunet grid status} shows, from a {@link GridSnapshot}: the ZooKeeper connection,
 * the live RACS servers, every SE (registered ones, and SEs bound to a VM that no live server
 * registers) with its server, health, lock holder and bound VM, and the VMs with their bindings.
 * {@link #text} is the human form (aligned columns, sorted, stable), {@link #json} the machine form
 * (the field names below; described in docs/grid.md).
 */
@JsonPropertyOrder({"taken_at", "zookeeper", "servers", "ses", "vms", "pools"})
public record GridStatus(@JsonProperty("taken_at") String takenAt, @JsonProperty("zookeeper") Zk zookeeper,
                         @JsonProperty("servers") List<Server> servers, @JsonProperty("ses") List<Se> ses,
                         @JsonProperty("vms") List<Vm> vms, @JsonProperty("pools") List<Pool> pools) {
    /** The SE health of a bound SE that no live RACS server registers. */
    public static final String UNREGISTERED = "unregistered";

    /** The ensemble as the admin session saw it. */
    @JsonPropertyOrder({"connect", "root", "health"})
    public record Zk(@JsonProperty("connect") String connect, @JsonProperty("root") String root, @JsonProperty("health") String health) {
    }

    /** A live RACS server. */
    @JsonPropertyOrder({"name", "endpoint", "cert_sha256"})
    public record Server(@JsonProperty("name") String name, @JsonProperty("endpoint") String endpoint,
                         @JsonProperty("cert_sha256") String certSha256) {
    }

    /**
     * An SE: {@code health} is {@code ok}, {@code failed} (with its {@code reason}) or
     * {@link #UNREGISTERED}; {@code server}, {@code kind} and {@code atr} are null when unregistered;
     * {@code reason}, {@code lock_holder} and {@code bound_to} are null when none.
     */
    @JsonPropertyOrder({"seid", "server", "kind", "atr", "aids", "health", "reason", "lock_holder", "bound_to"})
    public record Se(@JsonProperty("seid") String seid, @JsonProperty("server") String server, @JsonProperty("kind") String kind,
                     @JsonProperty("atr") String atr, @JsonProperty("aids") List<String> aids, @JsonProperty("health") String health,
                     @JsonProperty("reason") String reason, @JsonProperty("lock_holder") String lockHolder,
                     @JsonProperty("bound_to") String boundTo) {
    }

    /** A VM's binding; no {@code targets} means any target. */
    @JsonPropertyOrder({"name", "ses", "modes", "targets"})
    public record Vm(@JsonProperty("name") String name, @JsonProperty("ses") List<String> ses, @JsonProperty("modes") List<String> modes,
                     @JsonProperty("targets") List<String> targets) {
    }

    /** A radius_server pool: its SEs, each with its lock holder (null when free) and whether a live RACS server registers it. */
    @JsonPropertyOrder({"name", "ses"})
    public record Pool(@JsonProperty("name") String name, @JsonProperty("ses") List<PoolSe> ses) {
    }

    /** An SE of a radius_server pool. */
    @JsonPropertyOrder({"seid", "registered", "lock_holder"})
    public record PoolSe(@JsonProperty("seid") String seid, @JsonProperty("registered") boolean registered,
                         @JsonProperty("lock_holder") String lockHolder) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The status of {@code s}, taken through {@code settings}. */
    public static GridStatus of(GridSnapshot s, CoordSettings settings) {
        List<Server> servers = s.servers().stream().map(v -> new Server(v.name(), v.endpoint(), v.certSha256())).toList();
        Map<String, Se> ses = new TreeMap<>();
        for (GridSnapshot.SeStatus st : s.ses()) {
            SeInfo i = st.se();
            ses.put(i.seid(), new Se(i.seid(), i.server(), i.kind(), i.atrHex(), i.aids(), i.health().ok() ? "ok" : "failed",
                    i.health().ok() || i.health().reason().isEmpty() ? null : i.health().reason(), st.lockHolder(), st.boundTo()));
        }
        List<Vm> vms = new ArrayList<>();
        Map<String, String> bound = new HashMap<>();
        for (Binding b : s.bindings()) {
            vms.add(new Vm(b.vm(), b.seids(), List.copyOf(b.modes()), List.copyOf(b.targets())));
            b.seids().forEach(id -> bound.put(id, b.vm()));
        }
        bound.forEach((id, vm) -> ses.putIfAbsent(id, new Se(id, null, null, null, List.of(), UNREGISTERED, null, null, vm)));
        vms.sort(java.util.Comparator.comparing(Vm::name));
        return new GridStatus(s.takenAt().truncatedTo(ChronoUnit.MILLIS).toString(), new Zk(settings.connect(), settings.root(), s.health().name()),
                servers, List.copyOf(ses.values()), List.copyOf(vms), List.of());
    }

    /** This status with the radius_server pools {@code pools}. */
    public GridStatus withPools(List<Pool> pools) {
        return new GridStatus(takenAt, zookeeper, servers, ses, vms, List.copyOf(pools));
    }

    /** The JSON form (indented, fields in a fixed order, ending with a newline). */
    public String json() {
        try {
            return JSON.writeValueAsString(this) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the grid status as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The human form: a heading line, then one aligned table each of servers, SEs and VMs ("-" for none). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("ZooKeeper ").append(zookeeper.connect()).append(" root ").append(zookeeper.root()).append(": ")
                .append(zookeeper.health()).append(" at ").append(takenAt).append('\n');
        sb.append('\n').append("RACS servers: ").append(servers.size()).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ENDPOINT", "CERT SHA-256"});
        servers.forEach(s -> rows.add(new String[] {s.name(), s.endpoint(), s.certSha256()}));
        table(sb, rows);
        long locked = ses.stream().filter(s -> s.lockHolder() != null).count();
        sb.append('\n').append("SEs: ").append(ses.size()).append(" (").append(ses.stream().filter(s -> s.health().equals("ok")).count())
                .append(" ok, ").append(locked).append(" locked)").append('\n');
        rows.clear();
        rows.add(new String[] {"SEID", "SERVER", "KIND", "VM", "LOCKED BY", "HEALTH"});
        ses.forEach(s -> rows.add(new String[] {s.seid(), dash(s.server()), dash(s.kind()), dash(s.boundTo()), dash(s.lockHolder()),
                s.reason() == null || s.reason().isEmpty() ? s.health() : s.health() + ": " + s.reason()}));
        table(sb, rows);
        sb.append('\n').append("VMs: ").append(vms.size()).append('\n');
        rows.clear();
        rows.add(new String[] {"VM", "SES", "MODES", "TARGETS"});
        vms.forEach(v -> rows.add(new String[] {v.name(), String.join(",", v.ses()), String.join(",", v.modes()),
                v.targets().isEmpty() ? "any" : String.join(",", v.targets())}));
        table(sb, rows);
        if (!pools.isEmpty()) {
            sb.append('\n').append("Radius pools: ").append(pools.size()).append('\n');
            rows.clear();
            rows.add(new String[] {"POOL", "SEID", "REGISTERED", "LOCKED BY"});
            pools.forEach(p -> p.ses().forEach(e -> rows.add(new String[] {p.name(), e.seid(), e.registered() ? "yes" : "no", dash(e.lockHolder())})));
            table(sb, rows);
        }
        return sb.toString();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Rows in columns two spaces apart, the last column unpadded. */
    private static void table(StringBuilder sb, List<String[]> rows) {
        int n = rows.get(0).length;
        int[] w = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(r[i]);
                if (i < n - 1) {
                    line.append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
