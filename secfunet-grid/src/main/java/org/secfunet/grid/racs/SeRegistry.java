package org.secfunet.grid.racs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SEs of the grid by SEID, in configuration order. Thread-safe. */
public final class SeRegistry implements AutoCloseable {
    private final Map<String, SecureElement> bySeid = new LinkedHashMap<>();

    public SeRegistry(List<SecureElement> elements) {
        for (SecureElement se : elements) {
            if (bySeid.put(se.seid(), se) != null) {
                throw new IllegalArgumentException("SEID " + se.seid() + " appears twice");
            }
        }
    }

    /** The SEs of a configuration: each with the global deny rules, then its own, its allow rules, its AID allowlist and its fencing mode. */
    public static SeRegistry of(RacsServerConfig config, SeConnector connector) {
        List<SecureElement> out = new ArrayList<>();
        for (RacsServerConfig.Se se : config.secureElements()) {
            List<ApduRule> deny = new ArrayList<>(config.deny());
            deny.addAll(se.deny());
            out.add(new SecureElement(se.seid(), se.reader(), new ApduFirewall(deny, se.allow(), se.aids()), connector, se.fencing()));
        }
        return new SeRegistry(out);
    }

    public Optional<SecureElement> find(String seid) {
        return Optional.ofNullable(bySeid.get(seid));
    }

    public List<String> seids() {
        return List.copyOf(bySeid.keySet());
    }

    /** Powers off and releases every SE {@code owner} holds; how many there were. */
    public int releaseAll(Object owner) {
        int n = 0;
        for (SecureElement se : bySeid.values()) {
            if (se.releaseIfHeldBy(owner)) {
                n++;
            }
        }
        return n;
    }

    /** Powers off every SE, whoever holds it. */
    @Override
    public void close() {
        for (SecureElement se : bySeid.values()) {
            se.forceRelease();
        }
    }
}
