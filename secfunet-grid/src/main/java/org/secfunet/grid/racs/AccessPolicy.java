package org.secfunet.grid.racs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The draft's Users-Table: client certificate CN -> the SEIDs it may use, or every SEID ("*").
 * A CN that is not listed may not open a session at all.
 */
public final class AccessPolicy {
    public static final String ALL = "*";

    private final Map<String, Set<String>> users;
    private final List<String> allSeids;

    /** {@code users}: CN -> SEIDs or ["*"]; {@code allSeids}: every SEID, in the order LIST shows them. */
    public AccessPolicy(Map<String, List<String>> users, List<String> allSeids) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        users.forEach((cn, seids) -> m.put(cn, Set.copyOf(seids)));
        this.users = Map.copyOf(m);
        this.allSeids = List.copyOf(allSeids);
    }

    public static AccessPolicy of(RacsServerConfig config) {
        List<String> seids = new ArrayList<>();
        config.secureElements().forEach(se -> seids.add(se.seid()));
        return new AccessPolicy(config.users(), seids);
    }

    public boolean knownClient(String cn) {
        return users.containsKey(cn);
    }

    /** Whether the client may use every SEID, existing or not (so it may be told a SEID is unknown). */
    public boolean allowedEverything(String cn) {
        Set<String> s = users.get(cn);
        return s != null && s.contains(ALL);
    }

    public boolean allowed(String cn, String seid) {
        Set<String> s = users.get(cn);
        return s != null && (s.contains(ALL) || s.contains(seid));
    }

    /** The SEIDs the client may use, in configuration order. */
    public List<String> list(String cn) {
        return allSeids.stream().filter(seid -> allowed(cn, seid)).toList();
    }
}
