package org.secfunet.eap.method;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.EapPeerMethod;
import org.secfunet.eap.sm.EapPeerStateMachine;
import org.secfunet.eap.sm.IdentityMethod;
import org.secfunet.eap.sm.Timeouts;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** A PKI per key type (cached: RSA-4096 is slow to make) and EAP-TLS peers and authenticators on it. */
final class Fixtures {
    /** Round cap of these machines: fragments of 16 bytes take a few hundred rounds, far beyond the default. */
    static final int MAX_ROUNDS = 500;
    private static final Map<ThrowawayPki.KeyType, ThrowawayPki> PKIS = new java.util.concurrent.ConcurrentHashMap<>();

    static ThrowawayPki pki(ThrowawayPki.KeyType t) {
        return PKIS.computeIfAbsent(t, k -> ThrowawayPki.create("secfunet test CA " + k, k, Duration.ofDays(2)));
    }

    static TlsSettings server(ThrowawayPki pki, Set<String> versions) {
        ThrowawayPki.Credential s = pki.server("radius.test.local");
        return new TlsSettings(versions, List.of(s.certificate()), s.key(), List.of(pki.ca().certificate()), true, null);
    }

    static TlsSettings client(ThrowawayPki pki, Set<String> versions) {
        ThrowawayPki.Credential c = pki.client("card@test.local");
        return new TlsSettings(versions, List.of(c.certificate()), c.key(), List.of(pki.ca().certificate()), true, null);
    }

    static EapPeerStateMachine peer(TlsSettings client, EapTlsConfig cfg, AtomicReference<EapTlsPeerMethod> seen) {
        Map<Integer, java.util.function.Supplier<EapPeerMethod>> methods = Map.of(EapType.TLS, () -> {
            EapTlsPeerMethod m = new EapTlsPeerMethod(t -> BcTlsEngine.client(client.withValidationTime(t)), cfg, Instant::now);
            seen.set(m);
            return m;
        });
        return new EapPeerStateMachine("card@test.local", methods, Duration.ofSeconds(30), Clock.systemUTC(), null, MAX_ROUNDS);
    }

    static EapAuthenticatorStateMachine authenticator(TlsSettings server, EapTlsConfig cfg, AtomicReference<EapTlsServerMethod> seen) {
        Map<Integer, java.util.function.Supplier<EapAuthenticatorMethod>> methods = Map.of(
                EapType.IDENTITY, IdentityMethod::new,
                EapType.TLS, () -> {
                    EapTlsServerMethod m = new EapTlsServerMethod(() -> BcTlsEngine.server(server), cfg);
                    seen.set(m);
                    return m;
                });
        return new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(EapType.TLS), false), methods, Timeouts.DEFAULT, Clock.systemUTC(),
                MAX_ROUNDS);
    }

    /** Pumps packets between the two machines until one side finishes (the machines' round cap bounds it); returns the number of EAP rounds. */
    static int converse(EapPeerStateMachine peer, EapAuthenticatorStateMachine auth) {
        peer.enable();
        EapAuthenticatorStateMachine.Output a = auth.enable();
        for (int rounds = 1; ; rounds++) {
            if (a.eapReqData() == null) {
                throw new AssertionError("authenticator sent nothing in state " + auth.state());
            }
            EapPeerStateMachine.Output p = peer.receive(a.eapReqData());
            if (a.eapSuccess() || a.eapFail() || a.eapTimeout()) {
                return rounds;
            }
            if (p.eapRespData() == null) {
                throw new AssertionError("peer sent nothing in state " + peer.state());
            }
            a = auth.receive(p.eapRespData());
        }
    }

    private Fixtures() {
    }
}
