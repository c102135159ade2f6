package org.secfunet.jca.ssl;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * The {@code SSLParameters} of one socket or engine, kept whole (as set, so
 * {@code getSSLParameters} gives back what {@code setSSLParameters} was given) and turned into the
 * card's options when its handshake starts ({@link CardOptions}). Thread-safe.
 */
final class ClientParameters {
    static final String CLIENT_ONLY = "the SecFuNet SSLContext makes TLS clients only (the card's TLS proxy session is a client):"
            + " for a server use SunJSSE with the SecFuNet KeyManagerFactory";

    private SSLParameters params = CardOptions.defaults();

    synchronized String[] enabledCipherSuites() {
        return params.getCipherSuites().clone();
    }

    synchronized void enabledCipherSuites(String[] suites) {
        params.setCipherSuites(suites.clone());
    }

    synchronized String[] enabledProtocols() {
        return params.getProtocols().clone();
    }

    synchronized void enabledProtocols(String[] protocols) {
        params.setProtocols(protocols.clone());
    }

    synchronized SSLParameters get() {
        return copy(params);
    }

    /** As JSSE: null suites or protocols, and null server names, leave the current ones. */
    synchronized void set(SSLParameters p) {
        SSLParameters next = copy(params);
        if (p.getCipherSuites() != null) {
            next.setCipherSuites(p.getCipherSuites().clone());
        }
        if (p.getProtocols() != null) {
            next.setProtocols(p.getProtocols().clone());
        }
        if (p.getServerNames() != null) {
            next.setServerNames(p.getServerNames());
        }
        next.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        next.setApplicationProtocols(p.getApplicationProtocols());
        next.setMaximumPacketSize(p.getMaximumPacketSize());
        params = next;
    }

    /** The card's options for a handshake with {@code peerHost}. */
    synchronized String options(String peerHost) throws SSLHandshakeException {
        return CardOptions.of(params, peerHost);
    }

    private static SSLParameters copy(SSLParameters p) {
        SSLParameters c = new SSLParameters(p.getCipherSuites() == null ? null : p.getCipherSuites().clone(),
                p.getProtocols() == null ? null : p.getProtocols().clone());
        if (p.getServerNames() != null) {
            c.setServerNames(p.getServerNames());
        }
        c.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        c.setApplicationProtocols(p.getApplicationProtocols());
        c.setMaximumPacketSize(p.getMaximumPacketSize());
        return c;
    }

    /** Refuses server mode, the one mode the card's proxy session cannot play. */
    static void clientMode(boolean client) {
        if (!client) {
            throw new UnsupportedOperationException(CLIENT_ONLY);
        }
    }
}
