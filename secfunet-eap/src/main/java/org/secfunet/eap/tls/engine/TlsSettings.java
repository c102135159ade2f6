package org.secfunet.eap.tls.engine;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One side's TLS policy and credentials.
 *
 * @param versions       "1.2" and/or "1.3"
 * @param chain          own certificate chain, leaf first (may be empty for a client without certificate)
 * @param key            private key of the leaf (null with an empty chain)
 * @param trustAnchors   CA certificates the peer's chain must lead to
 * @param requirePeerCertificate a server that demands a client certificate; a client always requires the server's
 * @param validationTime time at which the peer's chain must be valid (a card has no clock: the host supplies it)
 * @param suites         IANA names of the cipher suites allowed (empty: every AEAD suite we support)
 * @param serverName     a client's SNI host name, or null
 * @param applicationProtocols a client's ALPN offer (RFC 7301), in preference order (empty: no ALPN)
 * @param verifyHost     a client's check of the server's identity (RFC 6125): the host name or IP
 *                       address the server's certificate must name, or null for no check
 */
public record TlsSettings(Set<String> versions, List<X509Certificate> chain, PrivateKey key,
                          List<X509Certificate> trustAnchors, boolean requirePeerCertificate,
                          Supplier<Instant> validationTime, List<String> suites, String serverName,
                          List<String> applicationProtocols, String verifyHost) {

    public TlsSettings(Set<String> versions, List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trustAnchors,
                       boolean requirePeerCertificate, Supplier<Instant> validationTime, List<String> suites, String serverName) {
        this(versions, chain, key, trustAnchors, requirePeerCertificate, validationTime, suites, serverName, List.of(), null);
    }

    public TlsSettings(Set<String> versions, List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trustAnchors,
                       boolean requirePeerCertificate, Supplier<Instant> validationTime) {
        this(versions, chain, key, trustAnchors, requirePeerCertificate, validationTime, List.of(), null);
    }

    public TlsSettings {
        versions = Set.copyOf(versions);
        if (versions.isEmpty() || !Set.of("1.2", "1.3").containsAll(versions)) {
            throw new IllegalArgumentException("TLS versions must be a non-empty subset of 1.2, 1.3: " + versions);
        }
        chain = List.copyOf(chain);
        trustAnchors = List.copyOf(trustAnchors);
        if (!chain.isEmpty()) {
            Objects.requireNonNull(key, "a certificate chain needs its private key");
        }
        if (validationTime == null) {
            validationTime = Instant::now;
        }
        suites = suites == null ? List.of() : List.copyOf(suites);
        applicationProtocols = applicationProtocols == null ? List.of() : List.copyOf(applicationProtocols);
    }

    public TlsSettings withVersions(Set<String> v) {
        return new TlsSettings(v, chain, key, trustAnchors, requirePeerCertificate, validationTime, suites, serverName, applicationProtocols, verifyHost);
    }

    public TlsSettings withValidationTime(Supplier<Instant> t) {
        return new TlsSettings(versions, chain, key, trustAnchors, requirePeerCertificate, t, suites, serverName, applicationProtocols, verifyHost);
    }

    /** Only these cipher suites (IANA names). */
    public TlsSettings withSuites(List<String> names) {
        return new TlsSettings(versions, chain, key, trustAnchors, requirePeerCertificate, validationTime, names, serverName, applicationProtocols, verifyHost);
    }

    /** Only these trust anchors. */
    public TlsSettings withTrustAnchors(List<X509Certificate> anchors) {
        return new TlsSettings(versions, chain, key, anchors, requirePeerCertificate, validationTime, suites, serverName, applicationProtocols, verifyHost);
    }

    /** The SNI host name a client sends. */
    public TlsSettings withServerName(String name) {
        return new TlsSettings(versions, chain, key, trustAnchors, requirePeerCertificate, validationTime, suites, name, applicationProtocols, verifyHost);
    }

    /** The ALPN protocols a client offers, in preference order. */
    public TlsSettings withApplicationProtocols(List<String> protocols) {
        return new TlsSettings(versions, chain, key, trustAnchors, requirePeerCertificate, validationTime, suites, serverName, protocols, verifyHost);
    }

    /** The host name or IP address a client requires the server's certificate to name. */
    public TlsSettings withVerifyHost(String host) {
        return new TlsSettings(versions, chain, key, trustAnchors, requirePeerCertificate, validationTime, suites, serverName, applicationProtocols, host);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "TlsSettings[versions=" + versions + ", chain=" + chain.size() + " cert(s), trust=" + trustAnchors.size() + "]";
    }
}
