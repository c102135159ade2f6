package org.secfunet.eap.tls.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a server certificate names the host a client asked for (RFC 6125 §6, as browsers and
 * JSSE's "HTTPS" check do): a DNS name against the subjectAltName dNSName entries, with a wildcard
 * only as the whole leftmost label and never matching a dot ({@code *.example.com} names
 * {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}); an IP address
 * against the iPAddress entries. The subject's CN is never used (RFC 6125 §6.4.4 allows it only
 * without any subjectAltName; certificates in use today have one, and CAs must put the names there).
 */
public final class HostNames {
    /** subjectAltName GeneralName tags (RFC 5280 §4.2.1.6). */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private HostNames() {
    }

    public static boolean matches(X509Certificate cert, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        boolean ip = isIpLiteral(host);
        for (List<?> n : names) {
            int tag = (Integer) n.get(0);
            Object value = n.get(1);
            if (ip && tag == IP_ADDRESS && value instanceof String a && sameAddress(a, host)) {
                return true;
            }
            if (!ip && tag == DNS_NAME && value instanceof String d && dnsMatches(d, host)) {
                return true;
            }
        }
        return false;
    }

    static boolean dnsMatches(String pattern, String host) {
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        String rest = p.substring(1); // ".example.com"
        if (rest.indexOf('.', 1) < 0) {
            return false; // "*.com": no wildcard over a single label
        }
        int firstDot = h.indexOf('.');
        return firstDot > 0 && h.substring(firstDot).equals(rest);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A literal IPv4 dotted quad or an IPv6 address (with or without brackets): never looked up. */
    public static boolean isIpLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private static boolean sameAddress(String a, String host) {
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            // both are literals (checked above, and a certificate's iPAddress is printed as one), so no lookup happens
            return InetAddress.getByName(a).equals(InetAddress.getByName(h));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
