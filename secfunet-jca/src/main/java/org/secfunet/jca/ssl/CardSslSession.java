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
 * the peer's host and port, and the card's own chain as local certificates.
 *
 * <p>Departures from JSSE: the card validated the server's chain against its own CA set and exports
 * only the server's subject, so {@link #getPeerCertificates()} throws
 * {@code SSLPeerUnverifiedException} (saying so) while {@link #getPeerPrincipal()} gives that
 * subject; the host name is not checked against the server's certificate (the card sends it as SNI
 * only). There is no resumption: no session context, and the id is random.
 */
final class CardSslSession implements SSLSession {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String protocol;
    private final String suite;
    private final String host;
    private final int port;
    private final List<X509Certificate> local;
    private final String serverSubject;
    private final String reader;
    private final byte[] id;
    private final long created = System.currentTimeMillis();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private volatile boolean valid;

    private CardSslSession(String protocol, String suite, String host, int port, List<X509Certificate> local, String serverSubject, String reader,
                           boolean valid) {
        this.protocol = protocol;
        this.suite = suite;
        this.host = host;
        this.port = port;
        this.local = local;
        this.serverSubject = serverSubject;
        this.reader = reader;
        this.valid = valid;
        this.id = new byte[valid ? 32 : 0];
        RANDOM.nextBytes(id);
    }

    static CardSslSession established(String protocol, String suite, String host, int port, List<X509Certificate> local, String serverSubject,
                                      String reader) {
        return new CardSslSession(protocol, suite, host, port, local, serverSubject, reader, true);
    }

    /** The session of a connection with no (finished) handshake, as JSSE's: protocol NONE. */
    static CardSslSession none(String host, int port) {
        return new CardSslSession("NONE", "SSL_NULL_WITH_NULL_NULL", host, port, List.of(), null, null, false);
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

    /** Always throws: the card checked the server's chain itself and exports only its subject ({@link #getPeerPrincipal()}). */
    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException(serverSubject == null ? "no handshake finished"
                : "the card validated the server's certificates itself and exports only its subject (" + serverSubject + "): use getPeerPrincipal()");
    }

    /** The card's own chain, leaf first (what the server was sent). */
    @Override
    public Certificate[] getLocalCertificates() {
        return local.isEmpty() ? null : local.toArray(new Certificate[0]);
    }

    /** The server's subject as the card exported it, which the card validated against its CA set. */
    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        if (serverSubject == null) {
            throw new SSLPeerUnverifiedException("no handshake finished");
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
