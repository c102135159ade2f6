package org.secfunet.eap.method;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.EapPeerMethod;
import org.secfunet.eap.sm.PeerDecision;
import org.secfunet.eap.sm.PeerMethodState;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.EapTlsReassembler;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.eap.tls.engine.TlsEngine;
import org.secfunet.eap.tls.engine.TlsEngineException;
import org.secfunet.eap.tls.engine.TlsSessionInfo;

/**
 * EAP-TLS on the peer (RFC 5216, RFC 9190 for TLS 1.3): the TLS client inside EAP. Handles
 * Start (and the EAP smart card's Unix time after it), fragments both ways with acknowledgements,
 * the TLS 1.2 final empty response and the TLS 1.3 commitment message. The TLS engine is created
 * per authentication by the factory, which receives the time to validate the server's chain at.
 */
public final class EapTlsPeerMethod implements EapPeerMethod {
    private final Function<Supplier<Instant>, TlsEngine> engines;
    private final Supplier<Instant> clock;
    private final boolean proxy;
    private final EapTlsReassembler in;
    private final OutgoingFragments out;
    private TlsEngine engine;
    private EapTlsMessage response;
    private boolean done;
    private boolean committed;
    private String failure;

    /**
     * @param engines creates the TLS client for one authentication, given the validation time source
     * @param clock   the time to use when the Start carries none (the card variant carries it)
     */
    public EapTlsPeerMethod(Function<Supplier<Instant>, TlsEngine> engines, EapTlsConfig config, Supplier<Instant> clock) {
        this(engines, config, clock, false);
    }

    /**
     * @param proxy TLS proxy mode (SecFuNet's s_scard): the other side is a plain TLS server reached
     *              through the host, so no EAP-TLS commitment message comes; the method is done as
     *              soon as the handshake completes, its last flight going out with that response
     */
    public EapTlsPeerMethod(Function<Supplier<Instant>, TlsEngine> engines, EapTlsConfig config, Supplier<Instant> clock, boolean proxy) {
        this.engines = engines;
        this.clock = clock;
        this.proxy = proxy;
        this.in = new EapTlsReassembler(config.reassemblyCap());
        this.out = new OutgoingFragments(config.fragmentSize());
    }

    @Override
    public int type() {
        return EapType.TLS;
    }

    /** A malformed EAP-TLS message, or anything but a Start before the engine exists, is ignored. */
    @Override
    public boolean check(EapPacket req) {
        try {
            EapTlsMessage m = EapTlsMessage.parse(req.typeData());
            return engine == null && !m.isStart();
        } catch (EapFormatException e) {
            return true;
        }
    }

    @Override
    public Outcome process(EapPacket req) {
        EapTlsMessage m = EapTlsMessage.parse(req.typeData());
        try {
            if (m.isStart()) {
                Instant t = SmartcardStart.time(req);
                Instant at = t != null ? t : clock.get();
                close();
                engine = engines.apply(() -> at);
                in.reset();
                send(engine.takeOutput());
                return cont();
            }
            if (out.pending()) {
                if (!m.isAck()) {
                    return fail("expected an acknowledgement of our fragment, got " + m);
                }
                response = out.next();
                return cont();
            }
            byte[] whole = in.add(m);
            if (whole == null) {
                response = EapTlsMessage.ack();
                return cont();
            }
            engine.offerInput(whole);
            byte[] app = engine.takeApplicationData();
            byte[] records = engine.takeOutput();
            if (app.length > 0) {
                if (!engine.session().isTls13() || !Arrays.equals(app, new byte[] {0}) || committed) {
                    return fail("unexpected application data during EAP-TLS");
                }
                committed = true;
            }
            if (proxy && engine.isHandshakeComplete()) {
                done = true;
                send(records);
                if (out.pending()) {
                    return fail("the final TLS flight does not fit one EAP-TLS fragment in proxy mode");
                }
                return new Outcome(PeerMethodState.DONE, PeerDecision.COND_SUCC, true);
            }
            if (records.length > 0) {
                send(records);
                return cont();
            }
            if (engine.isHandshakeComplete() && (!engine.session().isTls13() || committed)) {
                done = true;
                response = EapTlsMessage.ack();
                return new Outcome(PeerMethodState.DONE, PeerDecision.COND_SUCC, true);
            }
            response = EapTlsMessage.ack();
            return cont();
        } catch (TlsEngineException | EapFormatException e) {
            failure = e.getMessage();
            if (engine == null) {
                return new Outcome(PeerMethodState.DONE, PeerDecision.FAIL, true);
            }
            // RFC 5216 §2.1.3: our alert goes out; an alert from the server is acknowledged. Either
            // way the server ends with EAP-Failure, which this state (MAY_CONT, FAIL) accepts.
            send(engine.takeOutput());
            return new Outcome(PeerMethodState.MAY_CONT, PeerDecision.FAIL, true);
        }
    }

    private Outcome cont() {
        return new Outcome(PeerMethodState.CONT, PeerDecision.FAIL, true);
    }

    private Outcome fail(String why) {
        failure = why;
        return new Outcome(PeerMethodState.DONE, PeerDecision.FAIL, true);
    }

    private void send(byte[] tls) {
        if (tls.length == 0) {
            response = EapTlsMessage.ack();
            return;
        }
        out.load(tls);
        response = out.next();
    }

    @Override
    public EapPacket buildResp(int reqId) {
        return EapPacket.response(reqId, EapType.TLS, (response == null ? EapTlsMessage.ack() : response).encode());
    }

    @Override
    public boolean isKeyAvailable() {
        return done && engine != null && engine.isHandshakeComplete();
    }

    @Override
    public byte[] getKey() {
        return isKeyAvailable() ? engine.session().eapKeyMaterial() : null;
    }

    /** What the handshake negotiated (once complete). */
    public TlsSessionInfo session() {
        return engine == null ? null : engine.session();
    }

    /** The record-layer keys, once, after a successful handshake (see {@link TlsEngine#takeRecordKeys()}). */
    public org.secfunet.eap.tls.engine.RecordKeys takeRecordKeys() {
        return engine == null ? null : engine.takeRecordKeys();
    }

    /** In proxy mode: the TLS handshake is complete and its last flight has gone out. */
    public boolean proxyHandshakeDone() {
        return proxy && done && engine != null && engine.isHandshakeComplete();
    }

    /** Why the method failed, or null. */
    public String failure() {
        return failure;
    }

    private void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        out.clear();
        done = false;
        committed = false;
    }
}
