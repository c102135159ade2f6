package org.secfunet.jca.ssl;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Enumeration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardCredentials;
import org.secfunet.jca.card.PinSource;
import org.secfunet.jca.card.PinSources;

/**
 * {@code SSLContext} {@code SecFuNet}, the card's mode 2: every handshake of its sockets and
 * engines runs inside a card (the EAP-TLS applet's TLS proxy session), then the host carries the
 * records with the keys the card exports, and the card is free for the next handshake. Each
 * handshake leases any free card among the provider's readers, so several readers serve one
 * context in parallel.
 *
 * <p>{@code init}: key managers of the SecFuNet {@code KeyManagerFactory}
 * ({@link CardCredentials}) give their cards and PIN; otherwise the provider's cards with the
 * {@code pin=} setting. Trust managers are not used (and not refused): the card decides trust
 * with its own CA set, which the host cannot widen. The random source is not used either: the card
 * makes the handshake's randomness. Client only: no server socket factory.
 */
public final class CardSslContextSpi extends SSLContextSpi {
    private final CardBank providerBank;
    private volatile ContextConfig cfg;

    public CardSslContextSpi(CardBank bank) {
        this.providerBank = bank;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
        if (km != null) {
            for (KeyManager k : km) {
                if (k instanceof CardCredentials c) {
                    cfg = new ContextConfig(c.bank(), c.pins());
                    return;
                }
            }
        }
        cfg = new ContextConfig(providerBank, PinSources.orSettings(PinSource.NONE, providerBank.settings()));
    }

    private ContextConfig config() {
        ContextConfig c = cfg;
        if (c == null) {
            throw new IllegalStateException("SSLContext SecFuNet is not initialized: call init(keyManagers, null, null)");
        }
        return c;
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new CardSslSocketFactory(config());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw new UnsupportedOperationException("the SecFuNet SSLContext makes TLS clients only:"
                + " for a server use SunJSSE with the SecFuNet KeyManagerFactory");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new CardSslEngine(config(), null, -1);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new CardSslEngine(config(), host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return NoSessions.INSTANCE;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return NoSessions.INSTANCE;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return CardOptions.defaults();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return CardOptions.defaults();
    }

    /** No resumption: sessions are never kept. */
    private static final class NoSessions implements SSLSessionContext {
        static final NoSessions INSTANCE = new NoSessions();

        @Override
        public SSLSession getSession(byte[] sessionId) {
            return null;
        }

        @Override
        public Enumeration<byte[]> getIds() {
            return Collections.emptyEnumeration();
        }

        @Override
        public void setSessionTimeout(int seconds) {
        }

        @Override
        public int getSessionTimeout() {
            return 0;
        }

        @Override
        public void setSessionCacheSize(int size) {
        }

        @Override
        public int getSessionCacheSize() {
            return 0;
        }
    }
}
