package org.secfunet.card.eaptls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.secfunet.eap.method.EapTlsConfig;
import org.secfunet.eap.method.EapTlsPeerMethod;
import org.secfunet.eap.method.EapTlsServerMethod;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapBackendStateMachine;
import org.secfunet.eap.sm.EapPeerMethod;
import org.secfunet.eap.sm.EapPeerStateMachine;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.CryptoMeter;
import org.secfunet.eap.tls.engine.RecordKeys;
import org.secfunet.eap.tls.engine.TlsSessionInfo;

/**
 * The authentication interface of one selected identity (initialize, process packet, key
 * download): in the peer role an RFC 4137 peer running EAP-TLS as TLS client; in the server role a
 * backend authenticator running EAP-TLS as TLS server, behind the host's pass-through.
 */
final class AuthSession {
    /** What one packet produced. */
    record Result(Kind kind, byte[] packet) {
        enum Kind { RESPONSE, NONE, SUCCESS, FAILURE }
    }

    private final boolean server;
    private final EapPeerStateMachine peer;
    private final EapBackendStateMachine backend;
    private final AtomicReference<EapTlsPeerMethod> peerMethod = new AtomicReference<>();
    private final AtomicReference<EapTlsServerMethod> serverMethod = new AtomicReference<>();
    private boolean finished;
    private byte[] keyMaterial;

    /** Fragment size of TLS proxy sessions: a whole flight in one EAP-TLS message (APDU chaining carries it). */
    static final EapTlsConfig PROXY = new EapTlsConfig(65000, 64 * 1024);

    AuthSession(EapCardImage.Identity id, Credentials creds, EapTlsConfig cfg, Supplier<Instant> fallbackTime) {
        this(id, creds, cfg, fallbackTime, false, ProxyOptions.NONE, null);
    }

    /** With {@code meter} non-null (benchmarks only), the TLS engine counts its public-key operations there. */
    AuthSession(EapCardImage.Identity id, Credentials creds, EapTlsConfig cfg, Supplier<Instant> fallbackTime, boolean proxy,
                ProxyOptions options, CryptoMeter meter) {
        this.server = "server".equals(id.role);
        if (server) {
            Map<Integer, Supplier<EapAuthenticatorMethod>> methods = Map.of(EapType.TLS, () -> {
                EapTlsServerMethod m = new EapTlsServerMethod(() -> BcTlsEngine.server(creds.settings(true, fallbackTime), meter), cfg);
                serverMethod.set(m);
                return m;
            });
            backend = new EapBackendStateMachine(new DefaultPolicy(false, List.of(EapType.TLS), false), methods);
            peer = null;
        } else {
            org.secfunet.eap.tls.engine.TlsSettings base = options.apply(creds.settings(false, fallbackTime));
            BcTlsEngine.checkClientSettings(base); // options that leave nothing are refused at Set-Identity
            Map<Integer, Supplier<EapPeerMethod>> methods = Map.of(EapType.TLS, () -> {
                EapTlsPeerMethod m = new EapTlsPeerMethod(t -> BcTlsEngine.client(base.withValidationTime(t), meter), proxy ? PROXY : cfg, fallbackTime, proxy);
                peerMethod.set(m);
                return m;
            });
            peer = new EapPeerStateMachine(id.eapId, methods, Duration.ofDays(1), Clock.systemUTC(), null);
            peer.enable();
            backend = null;
        }
    }

    Result process(byte[] eap) {
        if (finished) {
            return new Result(Result.Kind.NONE, null);
        }
        if (server) {
            EapBackendStateMachine.Output o = backend.receive(eap);
            if (o.aaaSuccess()) {
                finished = true;
                keyMaterial = o.aaaEapKeyData();
                return new Result(Result.Kind.SUCCESS, o.aaaEapReqData());
            }
            if (o.aaaFail()) {
                finished = true;
                return new Result(Result.Kind.FAILURE, o.aaaEapReqData());
            }
            return o.aaaEapReqData() == null ? new Result(Result.Kind.NONE, null) : new Result(Result.Kind.RESPONSE, o.aaaEapReqData());
        }
        EapPeerStateMachine.Output o = peer.receive(eap);
        if (o.eapSuccess()) {
            finished = true;
            keyMaterial = peer.eapKeyData();
            return new Result(Result.Kind.SUCCESS, null);
        }
        if (o.eapFail()) {
            finished = true;
            return new Result(Result.Kind.FAILURE, null);
        }
        return o.eapRespData() == null ? new Result(Result.Kind.NONE, null) : new Result(Result.Kind.RESPONSE, o.eapRespData());
    }

    /** TLS proxy mode: the handshake is complete (the host then sends EAP-Success and takes the keys). */
    boolean tlsProxyDone() {
        return !server && peerMethod.get() != null && peerMethod.get().proxyHandshakeDone();
    }

    /** TLS proxy mode: the card's TLS client failed (its alert, if any, is in the answer). */
    boolean tlsProxyFailed() {
        return !server && peerMethod.get() != null && peerMethod.get().failure() != null;
    }

    /** Why the EAP method failed, or null (diagnostics; never secret). */
    String failure() {
        if (server ? backend.roundCapReached() : peer.roundCapReached()) {
            return "no end after " + (server ? backend.maxRounds() : peer.maxRounds()) + " EAP rounds";
        }
        if (server) {
            return serverMethod.get() == null ? null : serverMethod.get().failure();
        }
        return peerMethod.get() == null ? null : peerMethod.get().failure();
    }

    boolean succeeded() {
        return finished && keyMaterial != null;
    }

    /** MSK ‖ EMSK after success. */
    byte[] keyMaterial() {
        return keyMaterial == null ? null : keyMaterial.clone();
    }

    TlsSessionInfo session() {
        if (server) {
            return serverMethod.get() == null ? null : serverMethod.get().session();
        }
        return peerMethod.get() == null ? null : peerMethod.get().session();
    }

    /** The record keys, once; null if already taken or not available. */
    RecordKeys takeRecordKeys() {
        if (!succeeded()) {
            return null;
        }
        return server ? serverMethod.get().takeRecordKeys() : peerMethod.get().takeRecordKeys();
    }

    boolean server() {
        return server;
    }

    void wipe() {
        if (keyMaterial != null) {
            java.util.Arrays.fill(keyMaterial, (byte) 0);
        }
    }
}
