package org.secfunet.eap.method;

import java.util.function.Supplier;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.EapTlsReassembler;
import org.secfunet.eap.tls.engine.TlsEngine;
import org.secfunet.eap.tls.engine.TlsEngineException;
import org.secfunet.eap.tls.engine.TlsSessionInfo;

/**
 * EAP-TLS on the authenticator (RFC 5216, RFC 9190): the TLS server inside EAP. Sends Start,
 * fragments its flights, acknowledges the peer's fragments, sends the TLS 1.3 commitment message
 * (one application-data byte 0x00) after the peer's Finished, and ends on the peer's final empty
 * response. A TLS failure sends the alert, then ends unsuccessfully.
 */
public final class EapTlsServerMethod implements EapAuthenticatorMethod {
    private final Supplier<TlsEngine> engines;
    private final EapTlsConfig config;
    private TlsEngine engine;
    private EapTlsReassembler in;
    private OutgoingFragments out;
    private EapTlsMessage request;
    private boolean finalFlightSent;
    private boolean done;
    private boolean success;
    private boolean failing;
    private String failure;

    public EapTlsServerMethod(Supplier<TlsEngine> engines, EapTlsConfig config) {
        this.engines = engines;
        this.config = config;
    }

    @Override
    public int type() {
        return EapType.TLS;
    }

    @Override
    public void init() {
        reset();
        engine = engines.get();
        in = new EapTlsReassembler(config.reassemblyCap());
        out = new OutgoingFragments(config.fragmentSize());
        request = EapTlsMessage.start();
    }

    @Override
    public void reset() {
        if (engine != null) {
            engine.close();
        }
        engine = null;
        finalFlightSent = false;
        done = false;
        success = false;
        failing = false;
        failure = null;
    }

    @Override
    public EapPacket buildReq(int currentId) {
        return EapPacket.request(currentId, EapType.TLS, request.encode());
    }

    @Override
    public boolean check(EapPacket resp) {
        try {
            EapTlsMessage.parse(resp.typeData());
            return false;
        } catch (EapFormatException e) {
            return true;
        }
    }

    @Override
    public void process(EapPacket resp) {
        EapTlsMessage m = EapTlsMessage.parse(resp.typeData());
        try {
            if (out.pending()) {
                if (!m.isAck()) {
                    throw new EapFormatException("expected an acknowledgement of our fragment, got " + m);
                }
                request = out.next();
                return;
            }
            if (failing) {
                end(false);
                return;
            }
            if (finalFlightSent && m.isAck()) {
                end(engine.isHandshakeComplete());
                return;
            }
            byte[] whole = in.add(m);
            if (whole == null) {
                request = EapTlsMessage.ack();
                return;
            }
            engine.offerInput(whole);
            if (engine.isHandshakeComplete() && engine.session().isTls13()) {
                engine.writeApplicationData(new byte[] {0}); // RFC 9190 §2.5 commitment message
            }
            byte[] records = engine.takeOutput();
            if (records.length == 0) {
                throw new EapFormatException("the peer's message gave the TLS server nothing to answer");
            }
            finalFlightSent = engine.isHandshakeComplete();
            send(records);
        } catch (TlsEngineException | EapFormatException e) {
            failure = e.getMessage();
            byte[] alert = engine == null ? new byte[0] : engine.takeOutput();
            if (alert.length > 0) {
                failing = true;
                send(alert);
            } else {
                end(false);
            }
        }
    }

    private void send(byte[] tls) {
        out.load(tls);
        request = out.next();
    }

    private void end(boolean ok) {
        done = true;
        success = ok;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public boolean isSuccess() {
        return done && success;
    }

    @Override
    public byte[] getKey() {
        return isSuccess() ? engine.session().eapKeyMaterial() : null;
    }

    public TlsSessionInfo session() {
        return engine != null && engine.isHandshakeComplete() ? engine.session() : null;
    }

    /** The record-layer keys, once, after a successful handshake (see {@link TlsEngine#takeRecordKeys()}). */
    public org.secfunet.eap.tls.engine.RecordKeys takeRecordKeys() {
        return engine == null ? null : engine.takeRecordKeys();
    }

    /** Why the method failed, or null. */
    public String failure() {
        return failure;
    }
}
