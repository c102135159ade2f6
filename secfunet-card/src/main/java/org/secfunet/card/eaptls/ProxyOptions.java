package org.secfunet.card.eaptls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.secfunet.eap.tls.engine.TlsSettings;

/**
 * What the host may ask of a TLS proxy session (after a NUL in Set-Identity's data, "key=value"
 * separated by ';'): {@code versions=1.2,1.3}, {@code suites=NAME,NAME} (IANA names), {@code sni=HOST},
 * {@code cas=SHA256,SHA256} (only these of the card's CAs validate the server), {@code alpn=NAME,NAME}
 * (the ALPN protocols offered, RFC 7301, e.g. {@code h2,http/1.1}) and {@code host=NAME} (the host
 * name or IP address the server's certificate must name, RFC 6125; see {@code HostNames}).
 * They only narrow the card's own configuration; they can never widen it or change its trust.
 */
record ProxyOptions(Set<String> versions, List<String> suites, String sni, List<String> cas, List<String> alpn, String host) {
    static final ProxyOptions NONE = new ProxyOptions(Set.of(), List.of(), null, List.of(), List.of(), null);
    /** At most this many ALPN protocols, each of 1..32 printable characters (no ',' or ';'). */
    static final int MAX_ALPN = 8;

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
        List<String> cas = new ArrayList<>();
        List<String> alpn = new ArrayList<>();
        String host = null;
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
                case "cas" -> {
                    for (String fp : value.split(",")) {
                        if (!fp.matches("[0-9A-Fa-f]{64}")) {
                            throw new IllegalArgumentException("bad CA fingerprint");
                        }
                        cas.add(fp.toUpperCase(java.util.Locale.ROOT));
                    }
                }
                case "alpn" -> {
                    for (String name : value.split(",")) {
                        if (!name.matches("[!-+\\--:<-~]{1,32}") || alpn.size() >= MAX_ALPN) {
                            throw new IllegalArgumentException("bad ALPN protocol list");
                        }
                        alpn.add(name);
                    }
                }
                case "host" -> {
                    if (!value.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) {
                        throw new IllegalArgumentException("bad host to verify");
                    }
                    host = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        if (!Set.of("1.2", "1.3").containsAll(versions)) {
            throw new IllegalArgumentException("unknown TLS version");
        }
        return new ProxyOptions(versions, suites, sni, cas, alpn, host);
    }

    boolean isEmpty() {
        return versions.isEmpty() && suites.isEmpty() && sni == null && cas.isEmpty() && alpn.isEmpty() && host == null;
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
        if (!alpn.isEmpty()) {
            out = out.withApplicationProtocols(alpn);
        }
        if (host != null) {
            out = out.withVerifyHost(host);
        }
        if (!cas.isEmpty()) {
            List<java.security.cert.X509Certificate> kept = new ArrayList<>();
            for (java.security.cert.X509Certificate ca : s.trustAnchors()) {
                if (cas.contains(fingerprint(ca))) {
                    kept.add(ca);
                }
            }
            if (kept.size() != new HashSet<>(cas).size()) {
                throw new UntrustedCa();
            }
            out = out.withTrustAnchors(kept);
        }
        return out;
    }

    /** SHA-256 of the certificate's DER, upper-case hex. */
    static String fingerprint(java.security.cert.X509Certificate c) {
        try {
            return org.secfunet.apdu.Hex.encode(java.security.MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host asked to trust a CA the card does not trust: narrowing only, never widening. */
    static final class UntrustedCa extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UntrustedCa() {
            super("a CA the card does not trust");
        }
    }
}
