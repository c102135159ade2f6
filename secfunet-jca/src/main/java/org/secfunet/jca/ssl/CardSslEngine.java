package org.secfunet.jca.ssl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.secfunet.tls.RecordEngine;

/**
 * An {@code SSLEngine} whose handshake runs in a card of the context: every card command runs as a
 * delegated task ({@link HandshakeStatus#NEED_TASK}, which {@code java.net.http.HttpClient} runs on
 * its executor); the first task leases a free card, the one that sees the card finish exports the
 * keys and gives the card back, so the card is held only for the handshake. Records are then
 * carried by the host ({@link RecordEngine}). The handshake is bounded by {@code handshake-timeout=}:
 * checked on each step, and a server that stops answering fails it at the deadline (the card is
 * then given back at once).
 *
 * <p>ALPN: the application protocols set are offered by the card, and
 * {@link #getApplicationProtocol()} is the one the server chose ("" for none), so HttpClient speaks
 * HTTP/2 with a server that chooses h2 and HTTP/1.1 otherwise. With an endpoint identification
 * algorithm set (HttpClient sets HTTPS) the card checks the server's name ({@link CardOptions}).
 *
 * <p>Departures from JSSE: client mode only (the default mode, and {@code setUseClientMode(false)}
 * is refused); no resumption; {@link #beginHandshake()} after the handshake is a
 * TLS 1.3 KeyUpdate and is refused in TLS 1.2; {@link #closeInbound()} never throws; unknown
 * protocols and suites in {@link #setSSLParameters} are dropped rather than refused. Trust and the
 * server's certificate: see {@link CardSslSession}.
 */
final class CardSslEngine extends SSLEngine {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum Phase { INITIAL, LEASE_TASK, SEND, RECEIVE, CARD_TASK, DONE, FAILED, CLOSED }

    private final ContextConfig cfg;
    private final ClientParameters params = new ClientParameters();
    private boolean sessionCreation = true;
    private Phase phase = Phase.INITIAL;
    private boolean taskOut;
    private long deadline;
    private ScheduledFuture<?> watchdog;
    private String options;
    private CardHandshake hs;
    private ByteBuffer toSend = EMPTY;
    private volatile RecordEngine records;
    private volatile CardSslSession session;
    private SSLException failure;
    private ByteBuffer alertOut = EMPTY;
    private boolean finishedReported;

    CardSslEngine(ContextConfig cfg, String host, int port) {
        super(host, port);
        this.cfg = cfg;
        this.session = CardSslSession.none(host, port);
    }

    private String peer() {
        return (getPeerHost() == null ? "the server" : getPeerHost()) + (getPeerPort() > 0 ? ":" + getPeerPort() : "");
    }

    // ---- handshake ---------------------------------------------------------------------------

    @Override
    public synchronized void beginHandshake() throws SSLException {
        switch (phase) {
            case INITIAL -> start();
            case DONE -> {
                try {
                    records.updateKeys(false); // TLS 1.3: a KeyUpdate is the only "new handshake"
                } catch (IllegalStateException | IOException e) {
                    throw new SSLException("renegotiation is not supported: the card made this TLS 1.2 session's only handshake");
                }
            }
            case FAILED, CLOSED -> throw new SSLException("the engine is closed");
            default -> { } // already handshaking
        }
    }

    private void start() throws SSLException {
        if (!sessionCreation) {
            throw new SSLHandshakeException("session creation is disabled on this engine");
        }
        options = params.options(getPeerHost());
        deadline = CardHandshake.deadline(cfg);
        phase = Phase.LEASE_TASK;
        watchdog = HandshakeWatchdog.schedule(this::expire, CardHandshake.millisLeft(deadline) + 1);
    }

    /** The deadline passed while the engine waited for the network: fail and give the card back. */
    private synchronized void expire() {
        if (!taskOut && (phase == Phase.SEND || phase == Phase.RECEIVE || phase == Phase.LEASE_TASK || phase == Phase.CARD_TASK)) {
            fail(CardHandshake.timedOut(peer(), cfg.settings().handshakeTimeout().toSeconds()));
        }
    }

    @Override
    public synchronized Runnable getDelegatedTask() {
        if (taskOut || (phase != Phase.LEASE_TASK && phase != Phase.CARD_TASK)) {
            return null;
        }
        taskOut = true;
        Phase p = phase;
        return () -> runTask(p);
    }

    /** A card step, outside the engine's lock (it blocks for APDUs). */
    private void runTask(Phase p) {
        try {
            if (p == Phase.LEASE_TASK) {
                CardHandshake h = CardHandshake.begin(cfg, options, peer(), deadline);
                synchronized (this) {
                    if (phase != Phase.LEASE_TASK) {
                        h.abort(); // closed or failed meanwhile
                        return;
                    }
                    hs = h;
                    toSend = ByteBuffer.wrap(h.firstFlight());
                    phase = Phase.SEND;
                }
            } else {
                byte[] out = hs.step();
                synchronized (this) {
                    if (phase != Phase.CARD_TASK) {
                        return;
                    }
                    if (hs.done()) {
                        CardHandshake.Finished f = hs.finish(getPeerHost(), getPeerPort());
                        session = f.session(); // before records: getApplicationProtocol reads the session once records are there
                        records = f.records();
                        cancelWatchdog();
                        toSend = ByteBuffer.wrap(out);
                        phase = Phase.SEND; // the wrap that sends the card's last flight (maybe empty) reports FINISHED
                    } else if (out.length > 0) {
                        toSend = ByteBuffer.wrap(out);
                        phase = Phase.SEND;
                    } else {
                        phase = Phase.RECEIVE;
                    }
                }
            }
        } catch (SSLHandshakeException e) {
            synchronized (this) {
                if (hs != null) {
                    alertOut = ByteBuffer.wrap(hs.failureAlert());
                }
                fail(e);
            }
        } catch (RuntimeException e) { // never leave the engine waiting for a task that died
            synchronized (this) {
                fail(CardHandshake.failure(peer(), "internal error: " + e, e));
            }
        } finally {
            synchronized (this) {
                taskOut = false;
            }
        }
    }

    /** Ends the handshake with {@code e}, thrown by the next wrap or unwrap; the card is given back. */
    private void fail(SSLException e) {
        if (phase == Phase.FAILED || phase == Phase.CLOSED) {
            return;
        }
        failure = e;
        phase = Phase.FAILED;
        cancelWatchdog();
        if (hs != null) {
            hs.abort();
        }
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    private void throwFailure() throws SSLException {
        SSLException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }

    private boolean handshaking() {
        return phase == Phase.LEASE_TASK || phase == Phase.SEND || phase == Phase.RECEIVE || phase == Phase.CARD_TASK;
    }

    private void checkDeadline() {
        if (handshaking() && !taskOut && System.nanoTime() - deadline > 0) {
            fail(CardHandshake.timedOut(peer(), cfg.settings().handshakeTimeout().toSeconds()));
        }
    }

    @Override
    public synchronized HandshakeStatus getHandshakeStatus() {
        return switch (phase) {
            case LEASE_TASK, CARD_TASK -> HandshakeStatus.NEED_TASK;
            case SEND -> HandshakeStatus.NEED_WRAP;
            case RECEIVE -> HandshakeStatus.NEED_UNWRAP;
            case DONE -> records.hasOutput() ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NOT_HANDSHAKING;
            case FAILED -> alertOut.hasRemaining() ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NOT_HANDSHAKING;
            case INITIAL, CLOSED -> records != null && records.hasOutput() ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NOT_HANDSHAKING;
        };
    }

    // ---- wrap --------------------------------------------------------------------------------

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        RecordEngine r;
        synchronized (this) {
            if (dst.isReadOnly()) {
                throw new java.nio.ReadOnlyBufferException();
            }
            checkDeadline();
            throwFailure();
            if (phase == Phase.INITIAL) {
                start();
            }
            switch (phase) {
                case LEASE_TASK, CARD_TASK, RECEIVE -> {
                    return result(Status.OK, 0, 0);
                }
                case SEND -> {
                    return send(dst);
                }
                case FAILED -> {
                    int n = copy(alertOut, dst);
                    return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, n);
                }
                default -> r = records;
            }
        }
        if (r == null) {
            return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, 0, 0);
        }
        return EngineRecords.seal(r, srcs, offset, length, dst, this::getHandshakeStatus);
    }

    /** Handshake bytes out; the call that empties the card's last flight reports FINISHED. */
    private SSLEngineResult send(ByteBuffer dst) {
        if (!dst.hasRemaining() && toSend.hasRemaining()) {
            return result(Status.BUFFER_OVERFLOW, 0, 0);
        }
        int n = copy(toSend, dst);
        if (toSend.hasRemaining()) {
            return result(Status.OK, 0, n);
        }
        if (records != null) {
            phase = Phase.DONE;
            finishedReported = true;
            return new SSLEngineResult(Status.OK, HandshakeStatus.FINISHED, 0, n);
        }
        phase = Phase.RECEIVE;
        return result(Status.OK, 0, n);
    }

    // ---- unwrap ------------------------------------------------------------------------------

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        RecordEngine r;
        synchronized (this) {
            checkDeadline();
            throwFailure();
            if (phase == Phase.INITIAL) {
                start();
            }
            switch (phase) {
                case LEASE_TASK, CARD_TASK, SEND -> {
                    return result(Status.OK, 0, 0);
                }
                case RECEIVE -> {
                    int n;
                    try {
                        n = hs.receive(src);
                    } catch (SSLHandshakeException e) {
                        fail(e);
                        failure = null;
                        throw e;
                    }
                    if (n == 0) {
                        return result(Status.BUFFER_UNDERFLOW, 0, 0);
                    }
                    phase = Phase.CARD_TASK;
                    return result(Status.OK, n, 0);
                }
                case FAILED -> {
                    return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
                }
                default -> r = records;
            }
        }
        if (r == null) {
            return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, 0, 0);
        }
        return EngineRecords.open(r, src, dsts, offset, length, this::getHandshakeStatus);
    }

    private SSLEngineResult result(Status s, int consumed, int produced) {
        return new SSLEngineResult(s, getHandshakeStatus(), consumed, produced);
    }

    private static int copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(from.slice(from.position(), n));
        from.position(from.position() + n);
        return n;
    }

    // ---- closing -----------------------------------------------------------------------------

    @Override
    public void closeInbound() {
        RecordEngine r;
        synchronized (this) {
            r = records;
            if (r == null) {
                abandon();
                return;
            }
        }
        r.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        RecordEngine r = records;
        synchronized (this) {
            if (phase == Phase.FAILED || phase == Phase.CLOSED && r == null) {
                return true;
            }
        }
        return r != null && r.inboundDone();
    }

    /** Queues close_notify after the handshake; during it, gives the card back and sends nothing more. */
    @Override
    public void closeOutbound() {
        RecordEngine r;
        synchronized (this) {
            r = records;
            if (r == null) {
                abandon();
                return;
            }
        }
        r.closeOutbound();
    }

    private synchronized void abandon() {
        if (phase == Phase.FAILED || phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        cancelWatchdog();
        if (hs != null) {
            hs.abort();
        }
    }

    @Override
    public boolean isOutboundDone() {
        RecordEngine r = records;
        synchronized (this) {
            if (phase == Phase.FAILED) {
                return !alertOut.hasRemaining();
            }
            if (phase == Phase.CLOSED && r == null) {
                return true;
            }
        }
        return r != null && r.outboundDone();
    }

    // ---- sessions and parameters -------------------------------------------------------------

    @Override
    public SSLSession getSession() {
        return session;
    }

    @Override
    public synchronized SSLSession getHandshakeSession() {
        return handshaking() ? CardSslSession.none(getPeerHost(), getPeerPort()) : null;
    }

    /** The ALPN protocol the server chose once the handshake is done ("" for none), null before. */
    @Override
    public String getApplicationProtocol() {
        return records != null ? session.applicationProtocol() : null;
    }

    @Override
    public synchronized String getHandshakeApplicationProtocol() {
        return handshaking() ? "" : null;
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

    /** Only client mode: the card's TLS proxy session is a TLS client. */
    @Override
    public void setUseClientMode(boolean client) {
        ClientParameters.clientMode(client);
    }

    @Override
    public boolean getUseClientMode() {
        return true;
    }

    /** A server-side setting: ignored (the card always authenticates when the server asks). */
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
    public synchronized void setEnableSessionCreation(boolean flag) {
        sessionCreation = flag;
    }

    @Override
    public synchronized boolean getEnableSessionCreation() {
        return sessionCreation;
    }

    /** True once a wrap reported {@code FINISHED} (for tests). */
    synchronized boolean finishedReported() {
        return finishedReported;
    }
}
