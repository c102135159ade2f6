package org.secfunet.card.eaptls;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.secfunet.eap.method.EapTlsConfig;
import org.secfunet.eap.method.EapTlsPeerMethod;
import org.secfunet.eap.method.EapTlsServerMethod;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.EapPeerMethod;
import org.secfunet.eap.sm.EapPeerStateMachine;
import org.secfunet.eap.sm.IdentityMethod;
import org.secfunet.eap.sm.Timeouts;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** The host side of the tests: an RFC 4137 authenticator (or peer) relaying EAP to and from the card. */
final class HostRelay {
    /** How a conversation ended, with the host's key material and its TLS engine (to write the next record). */
    record Outcome(boolean hostSuccess, EapSmartcard.EapResult.Kind cardResult, byte[] hostKey, BcTlsEngine hostEngine, int rounds) {
    }

    private HostRelay() {
    }

    static TlsSettings serverSettings(ThrowawayPki pki, Set<String> versions) {
        ThrowawayPki.Credential s = pki.server("radius.test.local");
        return new TlsSettings(versions, List.of(s.certificate()), s.key(), List.of(pki.ca().certificate()), true, null);
    }

    static TlsSettings clientSettings(ThrowawayPki pki, Set<String> versions) {
        ThrowawayPki.Credential c = pki.client("host-peer@test.local");
        return new TlsSettings(versions, List.of(c.certificate()), c.key(), List.of(pki.ca().certificate()), true, null);
    }

    /** The card is the EAP peer: the host authenticates it with an in-JVM EAP-TLS server. */
    static Outcome cardAsPeer(EapSmartcard card, TlsSettings server, Instant startTime) {
        AtomicReference<BcTlsEngine> engine = new AtomicReference<>();
        Map<Integer, Supplier<EapAuthenticatorMethod>> methods = Map.of(
                EapType.IDENTITY, IdentityMethod::new,
                EapType.TLS, () -> new EapTlsServerMethod(() -> {
                    BcTlsEngine e = BcTlsEngine.server(server);
                    engine.set(e);
                    return e;
                }, EapTlsConfig.DEFAULT));
        EapAuthenticatorStateMachine auth = new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(EapType.TLS), false),
                methods, Timeouts.DEFAULT, Clock.systemUTC());
        var out = auth.enable();
        for (int rounds = 1; ; rounds++) { // the machines' round cap bounds it
            byte[] req = out.eapReqData();
            EapPacket p = EapPacket.parse(req);
            if (p.type() == EapType.TLS && EapTlsMessage.parse(p.typeData()).isStart()) {
                req = SmartcardStart.encode(p.identifier(), startTime); // the card has no clock
            }
            EapSmartcard.EapResult r = card.processEap(req);
            if (out.eapSuccess() || out.eapFail()) {
                return new Outcome(out.eapSuccess(), r.kind(), auth.eapKeyData(), engine.get(), rounds);
            }
            if (r.kind() != EapSmartcard.EapResult.Kind.PACKET) {
                throw new AssertionError("card ended early: " + r.kind());
            }
            out = auth.receive(r.packet());
        }
    }

    /** The card is the EAP server (backend): the host runs an in-JVM EAP peer and a pass-through NAS. */
    static Outcome cardAsServer(EapSmartcard card, TlsSettings client) {
        AtomicReference<BcTlsEngine> engine = new AtomicReference<>();
        Map<Integer, Supplier<EapPeerMethod>> pm = Map.of(EapType.TLS, () -> new EapTlsPeerMethod(t -> {
            BcTlsEngine e = BcTlsEngine.client(client.withValidationTime(t));
            engine.set(e);
            return e;
        }, EapTlsConfig.DEFAULT, Instant::now));
        EapPeerStateMachine peer = new EapPeerStateMachine("host-peer@test.local", pm, java.time.Duration.ofSeconds(30), Clock.systemUTC(), null);
        EapAuthenticatorStateMachine nas = new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(), true),
                Map.<Integer, Supplier<EapAuthenticatorMethod>>of(EapType.IDENTITY, IdentityMethod::new), Timeouts.DEFAULT, Clock.systemUTC());
        peer.enable();
        var out = nas.enable();
        EapSmartcard.EapResult.Kind last = null;
        for (int rounds = 1; ; rounds++) { // the machines' round cap bounds it
            if (out.eapSuccess() || out.eapFail()) {
                peer.receive(out.eapReqData());
                return new Outcome(peer.eapSuccess(), last, peer.eapKeyData(), engine.get(), rounds);
            }
            if (out.aaaEapRespData() != null) {
                EapSmartcard.EapResult r = card.processEap(out.aaaEapRespData());
                last = r.kind();
                out = switch (r.kind()) {
                    case PACKET -> nas.aaaRequest(r.packet(), 0);
                    case SUCCESS -> nas.aaaAccept(r.packet(), card.sessionKey());
                    case FAILURE -> nas.aaaReject(r.packet());
                    case NO_RESPONSE -> nas.aaaNoRequest();
                    case TLS_PROXY_DONE -> throw new AssertionError("a proxy answer in an EAP session");
                };
                continue;
            }
            out = nas.receive(peer.receive(out.eapReqData()).eapRespData());
        }
    }
}
