package org.secfunet.jca.ssl;

import java.security.Principal;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;
import javax.security.auth.x500.X500Principal;
import org.secfunet.tls.RecordEngine;

/**
 * A session whose handshake ran in the card. It reports the protocol, the cipher suite (IANA name),
 * the peer's host and port, the server's chain as the card validated it against its own CA set
 * (exported by the card after the handshake), and the card's own chain as local certificates.
 *
 * <p>Departures from JSSE: a card that cannot export the server's chain (an older applet) leaves
 * {@link #getPeerCertificates()} throwing {@code SSLPeerUnverifiedException} (saying so) while
 * {@link #getPeerPrincipal()} still gives the server's subject. The server's name is checked by the
 * card ({@code host=}, when an endpoint identification algorithm is set), not by a trust manager.
 * There is no resumption: no session context, and the id is random.
 */
final class CardSslSession implements SSLSession {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String protocol;
    private final String suite;
    private final String host;
    private final int port;
    private final List<X509Certificate> local;
    private final String serverSubject;
    private final List<X509Certificate> peer;
    private final String applicationProtocol;
    private final String reader;
    private final byte[] id;
    private final long created = System.currentTimeMillis();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private volatile boolean valid;

    private CardSslSession(String protocol, String suite, String host, int port, List<X509Certificate> local, String serverSubject,
                           List<X509Certificate> peer, String applicationProtocol, String reader, boolean valid) {
        this.protocol = protocol;
        this.suite = suite;
        this.host = host;
        this.port = port;
        this.local = local;
        this.serverSubject = serverSubject;
        this.peer = List.copyOf(peer);
        this.applicationProtocol = applicationProtocol;
        this.reader = reader;
        this.valid = valid;
        this.id = new byte[valid ? 32 : 0];
        RANDOM.nextBytes(id);
    }

    static CardSslSession established(String protocol, String suite, String host, int port, List<X509Certificate> local, String serverSubject,
                                      List<X509Certificate> peer, String applicationProtocol, String reader) {
        return new CardSslSession(protocol, suite, host, port, local, serverSubject, peer, applicationProtocol, reader, true);
    }

    /** The session of a connection with no (finished) handshake, as JSSE's: protocol NONE. */
    static CardSslSession none(String host, int port) {
        return new CardSslSession("NONE", "SSL_NULL_WITH_NULL_NULL", host, port, List.of(), null, List.of(), null, null, false);
    }

    /** The ALPN protocol the server chose, "" when none; null before a handshake. */
    String applicationProtocol() {
        return applicationProtocol;
    }

    /** The reader whose card made the handshake (null before). */
    String reader() {
        return reader;
    }

    @Override
    public byte[] getId() {
        return id.clone();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return null;
    }

    @Override
    public long getCreationTime() {
        return created;
    }

    @Override
    public long getLastAccessedTime() {
        return created;
    }

    @Override
    public void invalidate() {
        valid = false;
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public void putValue(String name, Object value) {
        Object old = values.put(name, value);
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
        if (value instanceof SSLSessionBindingListener l) {
            l.valueBound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public Object getValue(String name) {
        return values.get(name);
    }

    @Override
    public void removeValue(String name) {
        Object old = values.remove(name);
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public String[] getValueNames() {
        return values.keySet().toArray(new String[0]);
    }

    /** The server's chain, leaf first, as the card validated it; throws when the card exported none. */
    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        if (!peer.isEmpty()) {
            return peer.toArray(new Certificate[0]);
        }
        throw new SSLPeerUnverifiedException(serverSubject == null ? "no handshake finished"
                : "the card validated the server's certificates itself and exports only its subject (" + serverSubject + "): use getPeerPrincipal()");
    }

    /** The card's own chain, leaf first (what the server was sent). */
    @Override
    public Certificate[] getLocalCertificates() {
        return local.isEmpty() ? null : local.toArray(new Certificate[0]);
    }

    /** The server's subject (its leaf's, or as the card exported it), which the card validated against its CA set. */
    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        if (serverSubject == null) {
            throw new SSLPeerUnverifiedException("no handshake finished");
        }
        if (!peer.isEmpty()) {
            return peer.get(0).getSubjectX500Principal();
        }
        try {
            return new X500Principal(serverSubject);
        } catch (IllegalArgumentException e) {
            throw new SSLPeerUnverifiedException("the card exported a server subject that is not a distinguished name: " + serverSubject);
        }
    }

    @Override
    public Principal getLocalPrincipal() {
        return local.isEmpty() ? null : local.get(0).getSubjectX500Principal();
    }

    @Override
    public String getCipherSuite() {
        return suite;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public String getPeerHost() {
        return host;
    }

    @Override
    public int getPeerPort() {
        return port;
    }

    /** The largest record: TLS 1.2's ciphertext limit with its header. */
    @Override
    public int getPacketBufferSize() {
        return RecordEngine.MAX_RECORD;
    }

    @Override
    public int getApplicationBufferSize() {
        return RecordEngine.MAX_PLAINTEXT;
    }

    @Override
    public String toString() {
        return "CardSslSession[" + protocol + ", " + suite + ", " + host + ":" + port + (reader == null ? "" : ", card in reader " + reader) + "]";
    }
}
