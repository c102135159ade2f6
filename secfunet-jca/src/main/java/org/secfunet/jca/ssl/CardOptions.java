package org.secfunet.jca.ssl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.secfunet.eap.tls.engine.AeadSuite;

/**
 * {@code SSLParameters} as the card's TLS proxy options ("versions=1.2,1.3;suites=…;sni=…;alpn=…;host=…",
 * the syntax the EAP-TLS applet parses): they can only narrow what the card is configured to do.
 * Protocols other than TLSv1.2 and TLSv1.3, and suites the card does not negotiate, are dropped
 * (JSSE would refuse them when set); suites are sent only when they narrow the card's own list.
 * The application protocols are offered as ALPN (at most {@value #MAX_ALPN}; names the applet cannot
 * take are dropped). With an endpoint identification algorithm set ({@code HTTPS}, as HttpClient and
 * HttpsURLConnection set it) the card checks that the server's certificate names the peer host
 * (subjectAltName, RFC 6125, never the CN): {@code host=}.
 */
final class CardOptions {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** The applet's limit on the options text. */
    private static final int MAX_LENGTH = 512;
    /** The applet's limit on ALPN protocols. */
    static final int MAX_ALPN = 8;

    private CardOptions() {
    }

    /** Every suite the card negotiates, IANA names, in the card's preference order. */
    static String[] suites() {
        return Arrays.stream(AeadSuite.values()).map(AeadSuite::iana).toArray(String[]::new);
    }

    /** The default parameters of a context: both versions, every card suite, no SNI until a peer is known. */
    static SSLParameters defaults() {
        SSLParameters p = new SSLParameters(suites(), PROTOCOLS.toArray(new String[0]));
        return p;
    }

    /**
     * The options for one handshake: versions and suites from {@code p}, SNI from its server names or
     * else {@code peerHost} when that is a host name (not an IP literal).
     */
    static String of(SSLParameters p, String peerHost) throws SSLHandshakeException {
        List<String> items = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (String v : p.getProtocols() == null ? PROTOCOLS.toArray(new String[0]) : p.getProtocols()) {
            if (PROTOCOLS.contains(v)) {
                versions.add(v.substring(4));
            }
        }
        if (versions.isEmpty()) {
            throw new SSLHandshakeException("none of the enabled protocols " + Arrays.toString(p.getProtocols()) + " is one the card speaks (TLSv1.2, TLSv1.3)");
        }
        if (versions.size() < PROTOCOLS.size()) {
            items.add("versions=" + String.join(",", versions));
        }
        List<String> known = Arrays.asList(suites());
        List<String> suites = new ArrayList<>();
        for (String s : p.getCipherSuites() == null ? suites() : p.getCipherSuites()) {
            if (known.contains(s) && !suites.contains(s)) {
                suites.add(s);
            }
        }
        if (suites.isEmpty()) {
            throw new SSLHandshakeException("none of the enabled cipher suites is one the card negotiates " + known);
        }
        if (suites.size() < known.size()) {
            items.add("suites=" + String.join(",", suites));
        }
        String sni = sni(p.getServerNames(), peerHost);
        if (sni != null) {
            items.add("sni=" + sni);
        }
        List<String> alpn = new ArrayList<>();
        for (String a : p.getApplicationProtocols() == null ? new String[0] : p.getApplicationProtocols()) {
            if (a.matches("[!-+\\--:<-~]{1,32}") && alpn.size() < MAX_ALPN && !alpn.contains(a)) {
                alpn.add(a);
            }
        }
        if (!alpn.isEmpty()) {
            items.add("alpn=" + String.join(",", alpn));
        }
        String identification = p.getEndpointIdentificationAlgorithm();
        if (identification != null && !identification.isEmpty()) {
            String host = peerHost != null && peerHost.matches("[A-Za-z0-9.:\\[\\]-]{1,253}") ? peerHost : sni;
            if (host == null) {
                throw new SSLHandshakeException("endpoint identification (" + identification
                        + ") needs the server's host name: give it to createSSLEngine(host, port) or createSocket(host, port)");
            }
            items.add("host=" + host);
        }
        String text = String.join(";", items);
        if (text.length() > MAX_LENGTH) {
            throw new SSLHandshakeException("the TLS options for the card are over " + MAX_LENGTH + " characters: enable fewer cipher suites");
        }
        return text;
    }

    private static String sni(List<SNIServerName> names, String peerHost) {
        if (names != null) {
            for (SNIServerName n : names) {
                if (n instanceof SNIHostName h) {
                    return hostName(h.getAsciiName());
                }
            }
            if (!names.isEmpty()) {
                return null; // server names given, none a host name: send none
            }
        }
        return hostName(peerHost);
    }

    /** A DNS name the card sends as SNI, or null (IP literals and other text are never sent, RFC 6066 §3). */
    static String hostName(String host) {
        if (host == null || !host.matches("[A-Za-z0-9.-]{1,253}") || host.matches("[0-9.]+") || host.endsWith(".")) {
            return null;
        }
        return host.toLowerCase(Locale.ROOT);
    }
}
