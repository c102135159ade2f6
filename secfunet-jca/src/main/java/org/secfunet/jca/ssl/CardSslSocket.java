package org.secfunet.jca.ssl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.secfunet.tls.RecordEngine;
import org.secfunet.tls.TlsAlertException;

/**
 * An {@code SSLSocket} whose handshake runs in a card of the context, on a socket of its own or
 * layered over a connected one. The handshake happens on {@link #startHandshake()} or the first
 * read or write; each of its reads waits at most the socket's read timeout (when set) and the whole
 * at most {@code handshake-timeout=}. The card is given back right after key export; the host then
 * carries the records ({@link RecordEngine}). A read timeout after the handshake loses nothing: the
 * next read goes on. {@link #close()} sends close_notify.
 *
 * <p>ALPN and the server's name as for {@link CardSslEngine}. Departures from JSSE: client mode only; no resumption, no renegotiation (a second
 * {@link #startHandshake()} is a TLS 1.3 KeyUpdate); a failed handshake closes the socket. Trust and
 * the server's certificate: see {@link CardSslSession}.
 */
final class CardSslSocket extends LayeredSslSocket {
    private final ContextConfig cfg;
    private final String host;
    private final boolean autoClose;
    private final Object handshakeLock = new Object();
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteBuffer netIn = ByteBuffer.allocate(64 * 1024 + RecordEngine.MAX_RECORD); // kept in write mode
    private final ByteBuffer appIn = ByteBuffer.allocate(RecordEngine.MAX_PLAINTEXT).flip(); // kept in read mode
    private final ClientParameters params = new ClientParameters();
    private volatile RecordEngine records;
    private volatile CardSslSession session;
    private volatile CardHandshake current;
    private IOException failure;
    private volatile boolean closed;
    /** Application bytes decrypted and not yet read, for {@code available()} (which must not wait for a blocked reader). */
    private volatile int buffered;

    CardSslSocket(ContextConfig cfg, Socket base, String host, boolean autoClose) {
        super(base);
        this.cfg = cfg;
        this.host = host;
        this.autoClose = autoClose;
    }

    private int port() {
        return base.getPort();
    }

    private String peer() {
        return (host != null ? host : String.valueOf(base.getInetAddress())) + ":" + port();
    }

    // ---- handshake ---------------------------------------------------------------------------

    @Override
    public void startHandshake() throws IOException {
        synchronized (handshakeLock) {
            if (records != null) {
                try {
                    records.updateKeys(false); // TLS 1.3: the only "new handshake"; goes out with the next write
                } catch (IllegalStateException e) {
                    throw new SSLException("renegotiation is not supported: the card made this TLS 1.2 session's only handshake");
                }
                flushControl();
                return;
            }
            handshakeOnce();
        }
    }

    /** The handshake if none ran yet; its failure again if it failed. */
    private void ensureHandshake() throws IOException {
        if (records != null) {
            return;
        }
        synchronized (handshakeLock) {
            if (records == null) {
                handshakeOnce();
            }
        }
    }

    private void handshakeOnce() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed || base.isClosed()) {
            throw new SocketException("the socket is closed");
        }
        if (!base.isConnected()) {
            throw new SocketException("the socket is not connected");
        }
        try {
            handshake();
        } catch (IOException e) {
            failure = e instanceof SSLException ? e : CardHandshake.failure(peer(), e.getMessage(), e);
            closeQuietly();
            throw failure;
        }
        HandshakeCompletedEvent ev = new HandshakeCompletedEvent(this, session);
        for (HandshakeCompletedListener l : listeners) {
            l.handshakeCompleted(ev);
        }
    }

    private void handshake() throws IOException {
        int userTimeout = base.getSoTimeout();
        long deadline = CardHandshake.deadline(cfg);
        long limit = cfg.settings().handshakeTimeout().toSeconds();
        String options = params.options(host);
        CardHandshake h = CardHandshake.begin(cfg, options, peer(), deadline);
        current = h;
        try {
            InputStream in = base.getInputStream();
            OutputStream out = base.getOutputStream();
            out.write(h.firstFlight());
            out.flush();
            while (!h.done()) {
                netIn.flip();
                h.receive(netIn);
                netIn.compact();
                if (h.needsCard() && (in.available() < 5 || netIn.remaining() < RecordEngine.MAX_RECORD)) {
                    byte[] o = h.step();
                    if (o.length > 0) {
                        out.write(o);
                        out.flush();
                    }
                    continue;
                }
                if (!netIn.hasRemaining()) {
                    throw new SSLHandshakeException("the server's handshake flight does not fit the buffer");
                }
                long left = CardHandshake.millisLeft(deadline);
                if (left <= 0) {
                    throw CardHandshake.timedOut(peer(), limit);
                }
                base.setSoTimeout((int) Math.min(userTimeout > 0 ? userTimeout : Integer.MAX_VALUE, Math.max(1, left)));
                int n;
                try {
                    n = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
                } catch (SocketTimeoutException e) {
                    throw CardHandshake.millisLeft(deadline) <= 0 ? CardHandshake.timedOut(peer(), limit)
                            : CardHandshake.failure(peer(), "the server sent nothing for " + userTimeout + " ms (the socket's read timeout)", e);
                }
                if (n < 0) {
                    throw CardHandshake.failure(peer(), "the server closed the connection during the handshake", null);
                }
                netIn.position(netIn.position() + n);
            }
            CardHandshake.Finished f = h.finish(host, port());
            session = f.session();
            records = f.records();
        } catch (SSLHandshakeException e) {
            byte[] alert = h.failureAlert();
            if (alert.length > 0) {
                try {
                    base.getOutputStream().write(alert);
                } catch (IOException ignored) {
                    // the connection is failing anyway
                }
            }
            throw e;
        } finally {
            h.abort();
            current = null;
            if (!base.isClosed()) {
                base.setSoTimeout(userTimeout);
            }
        }
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener l) {
        listeners.add(java.util.Objects.requireNonNull(l, "listener"));
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener l) {
        if (!listeners.remove(l)) {
            throw new IllegalArgumentException("listener not registered");
        }
    }

    // ---- records -----------------------------------------------------------------------------

    /** Application data; -1 at the server's close_notify. */
    private int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ensureHandshake();
        synchronized (readLock) {
            while (!appIn.hasRemaining()) {
                if (closed) {
                    throw new SocketException("the socket is closed");
                }
                netIn.flip();
                RecordEngine.Result r;
                appIn.clear();
                try {
                    r = records.open(netIn, appIn);
                } catch (TlsAlertException e) {
                    throw new SSLException(e.getMessage(), e);
                } finally {
                    netIn.compact();
                    appIn.flip();
                    flushControl();
                }
                switch (r.status()) {
                    case CLOSED -> {
                        return -1;
                    }
                    case BUFFER_UNDERFLOW -> {
                        int n = base.getInputStream().read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
                        if (n < 0) {
                            records.closeInbound();
                            return -1; // end of stream without close_notify (as JSSE with its default settings)
                        }
                        netIn.position(netIn.position() + n);
                    }
                    default -> { } // data, or a post-handshake message handled
                }
            }
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            buffered = appIn.remaining();
            return n;
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureHandshake();
        synchronized (writeLock) {
            if (closed) {
                throw new SocketException("the socket is closed");
            }
            ByteBuffer app = ByteBuffer.wrap(b, off, len);
            ByteBuffer net = ByteBuffer.allocate(4 * RecordEngine.MAX_RECORD);
            do {
                net.clear();
                RecordEngine.Result r = records.seal(app, net);
                base.getOutputStream().write(net.array(), 0, net.position());
                if (r.status() == RecordEngine.Status.CLOSED) {
                    throw new SocketException("the TLS connection is closed for writing");
                }
            } while (app.hasRemaining());
            base.getOutputStream().flush();
        }
    }

    /** Sends what the record layer must send on its own (a KeyUpdate answer, an alert). */
    private void flushControl() throws IOException {
        RecordEngine r = records;
        if (r == null || !r.hasOutput()) {
            return;
        }
        synchronized (writeLock) {
            ByteBuffer net = ByteBuffer.allocate(4 * RecordEngine.MAX_RECORD);
            r.seal(ByteBuffer.allocate(0), net);
            if (net.position() > 0 && !base.isClosed()) {
                base.getOutputStream().write(net.array(), 0, net.position());
                base.getOutputStream().flush();
            }
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (isClosed()) {
            throw new SocketException("the socket is closed");
        }
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = CardSslSocket.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return CardSslSocket.this.read(b, off, len);
            }

            @Override
            public int available() {
                return buffered;
            }

            @Override
            public void close() throws IOException {
                CardSslSocket.this.close();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (isClosed()) {
            throw new SocketException("the socket is closed");
        }
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                CardSslSocket.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                CardSslSocket.this.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                CardSslSocket.this.close();
            }
        };
    }

    /** Sends close_notify (after a handshake) and closes the socket (the underlying one unless layered without autoClose). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        CardHandshake h = current;
        if (h != null) {
            h.abort(); // the handshake thread fails on the closed socket
        }
        RecordEngine r = records;
        if (r != null) {
            r.closeOutbound();
            try {
                flushControl();
            } catch (IOException ignored) {
                // the peer is gone
            }
            r.closeInbound();
        }
        if (autoClose) {
            base.close();
        }
    }

    private void closeQuietly() {
        try {
            close();
            if (!autoClose) {
                base.close(); // JSSE closes the connection after a failed handshake
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public boolean isClosed() {
        return closed || base.isClosed();
    }

    // ---- sessions and parameters -------------------------------------------------------------

    /** The session, running the handshake first if none ran; after a failure, a session with protocol NONE (as JSSE). */
    @Override
    public SSLSession getSession() {
        try {
            ensureHandshake();
        } catch (IOException e) {
            return CardSslSession.none(host, port());
        }
        return session;
    }

    @Override
    public SSLSession getHandshakeSession() {
        return current != null ? CardSslSession.none(host, port()) : null;
    }

    @Override
    public String getApplicationProtocol() {
        return records != null ? session.applicationProtocol() : null;
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return current != null ? "" : null;
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return CardOptions.suites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return params.enabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        params.enabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return CardOptions.PROTOCOLS.toArray(new String[0]);
    }

    @Override
    public String[] getEnabledProtocols() {
        return params.enabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        params.enabledProtocols(protocols);
    }

    /** The parameters as set (versions, suites and server names are what reach the card). */
    @Override
    public SSLParameters getSSLParameters() {
        return params.get();
    }

    @Override
    public void setSSLParameters(SSLParameters p) {
        params.set(p);
    }

    @Override
    public void setUseClientMode(boolean client) {
        ClientParameters.clientMode(client);
    }

    @Override
    public boolean getUseClientMode() {
        return true;
    }

    /** A server-side setting: ignored. */
    @Override
    public void setNeedClientAuth(boolean need) {
    }

    @Override
    public boolean getNeedClientAuth() {
        return false;
    }

    /** A server-side setting: ignored. */
    @Override
    public void setWantClientAuth(boolean want) {
    }

    @Override
    public boolean getWantClientAuth() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        if (!flag) {
            throw new UnsupportedOperationException("every connection of the SecFuNet SSLContext makes a new session (no resumption)");
        }
    }

    @Override
    public boolean getEnableSessionCreation() {
        return true;
    }

    @Override
    public String toString() {
        return "CardSslSocket[" + peer() + ", " + (session == null ? "no handshake" : session.getProtocol() + " " + session.getCipherSuite()) + "]";
    }
}
