package org.secfunet.card.eaptls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.secfunet.eap.tls.engine.TlsSettings;

/**
 * What the host may ask of a TLS proxy session (after a NUL in Set-Identity's data, "key=value"
 * separated by ';'): {@code versions=1.2,1.3}, {@code suites=NAME,NAME} (IANA names), {@code sni=HOST}.
 * They only narrow the card's own configuration; they can never widen it or change its trust.
 */
record ProxyOptions(Set<String> versions, List<String> suites, String sni) {
    static final ProxyOptions NONE = new ProxyOptions(Set.of(), List.of(), null);

    static ProxyOptions parse(String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        if (text.length() > 512) {
            throw new IllegalArgumentException("options too long");
        }
        Set<String> versions = new HashSet<>();
        List<String> suites = new ArrayList<>();
        String sni = null;
        for (String item : text.split(";")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option without value: " + item);
            }
            String key = item.substring(0, eq);
            String value = item.substring(eq + 1);
            switch (key) {
                case "versions" -> versions.addAll(Arrays.asList(value.split(",")));
                case "suites" -> suites.addAll(Arrays.asList(value.split(",")));
                case "sni" -> {
                    if (!value.matches("[A-Za-z0-9.-]{1,253}")) {
                        throw new IllegalArgumentException("bad host name");
                    }
                    sni = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        if (!Set.of("1.2", "1.3").containsAll(versions)) {
            throw new IllegalArgumentException("unknown TLS version");
        }
        return new ProxyOptions(versions, suites, sni);
    }

    boolean isEmpty() {
        return versions.isEmpty() && suites.isEmpty() && sni == null;
    }

    /** The card's settings narrowed by these options; an empty result is an error. */
    TlsSettings apply(TlsSettings s) {
        TlsSettings out = s;
        if (!versions.isEmpty()) {
            Set<String> v = new HashSet<>(s.versions());
            v.retainAll(versions);
            if (v.isEmpty()) {
                throw new IllegalArgumentException("no TLS version left");
            }
            out = out.withVersions(v);
        }
        if (!suites.isEmpty()) {
            out = out.withSuites(suites);
        }
        if (sni != null) {
            out = out.withServerName(sni);
        }
        return out;
    }
}
