package org.secfunet.eap.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.EapBackendStateMachine;
import org.secfunet.eap.sm.EapPeerStateMachine;
import org.secfunet.eap.sm.IdentityMethod;
import org.secfunet.eap.sm.Timeouts;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.eap.tls.engine.BcTlsEngine;
import org.secfunet.eap.tls.engine.TlsSettings;
import org.secfunet.eap.tls.pki.ThrowawayPki;

class EapTlsFailureAndPassthroughTest {
    private final ThrowawayPki pki = Fixtures.pki(ThrowawayPki.KeyType.EC_P256);
    private final ThrowawayPki otherPki = ThrowawayPki.create("some other CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));

    @Test
    void aPeerThatDoesNotTrustTheServerAbortsAndBothSidesFail() {
        AtomicReference<EapTlsPeerMethod> pm = new AtomicReference<>();
        AtomicReference<EapTlsServerMethod> sm = new AtomicReference<>();
        TlsSettings client = Fixtures.client(pki, Set.of("1.3"));
        TlsSettings distrustful = new TlsSettings(client.versions(), client.chain(), client.key(), List.of(otherPki.ca().certificate()), true, null);
        EapPeerStateMachine peer = Fixtures.peer(distrustful, EapTlsConfig.DEFAULT, pm);
        EapAuthenticatorStateMachine auth = Fixtures.authenticator(Fixtures.server(pki, Set.of("1.2", "1.3")), EapTlsConfig.DEFAULT, sm);
        Fixtures.converse(peer, auth);
        assertThat(auth.state()).isEqualTo(EapAuthenticatorStateMachine.State.FAILURE);
        assertThat(peer.state()).isEqualTo(EapPeerStateMachine.State.FAILURE);
        assertThat(pm.get().failure()).contains("peer certificate rejected");
        assertThat(sm.get().failure()).contains("peer sent alert");
        assertThat(peer.eapKeyData()).isNull();
        assertThat(auth.eapKeyData()).isNull();
    }

    @Test
    void aServerThatDoesNotTrustTheClientRefusesIt() {
        AtomicReference<EapTlsServerMethod> sm = new AtomicReference<>();
        TlsSettings client = Fixtures.client(otherPkiClient(), Set.of("1.2"));
        TlsSettings trustingClient = new TlsSettings(client.versions(), client.chain(), client.key(), List.of(pki.ca().certificate()), true, null);
        EapPeerStateMachine peer = Fixtures.peer(trustingClient, EapTlsConfig.DEFAULT, new AtomicReference<>());
        EapAuthenticatorStateMachine auth = Fixtures.authenticator(Fixtures.server(pki, Set.of("1.2")), EapTlsConfig.DEFAULT, sm);
        Fixtures.converse(peer, auth);
        assertThat(auth.state()).isEqualTo(EapAuthenticatorStateMachine.State.FAILURE);
        assertThat(peer.state()).isEqualTo(EapPeerStateMachine.State.FAILURE);
        assertThat(sm.get().failure()).contains("peer certificate rejected");
    }

    private ThrowawayPki otherPkiClient() {
        return otherPki;
    }

    /** The card has no clock: the time after the smart card's Start is what the server's chain is checked against. */
    @Test
    void theSmartcardStartTimeDecidesCertificateValidity() {
        for (Instant when : List.of(Instant.now(), Instant.parse("2099-01-01T00:00:00Z"))) {
            AtomicReference<EapTlsPeerMethod> pm = new AtomicReference<>();
            EapPeerStateMachine peer = Fixtures.peer(Fixtures.client(pki, Set.of("1.3")), EapTlsConfig.DEFAULT, pm);
            EapAuthenticatorStateMachine auth = Fixtures.authenticator(Fixtures.server(pki, Set.of("1.3")), EapTlsConfig.DEFAULT, new AtomicReference<>());
            peer.enable();
            var a = auth.enable();
            for (int i = 0; i < 100 && !(a.eapSuccess() || a.eapFail()); i++) {
                byte[] req = a.eapReqData();
                EapPacket pk = EapPacket.parse(req);
                if (pk.type() == EapType.TLS && EapTlsMessage.parse(pk.typeData()).isStart()) {
                    req = SmartcardStart.encode(pk.identifier(), when); // what the SecFuNet host sends the card
                }
                a = auth.receive(peer.receive(req).eapRespData());
            }
            peer.receive(a.eapReqData());
            boolean future = when.getEpochSecond() > Instant.now().getEpochSecond() + 86400;
            assertThat(peer.eapSuccess()).as("time %s", when).isEqualTo(!future);
            if (future) {
                assertThat(pm.get().failure()).contains("peer certificate rejected");
            }
        }
    }

    @Test
    void passThroughAuthenticatorRelaysToABackendThatRunsEapTls() {
        for (String version : List.of("1.2", "1.3")) {
            AtomicReference<EapTlsPeerMethod> pm = new AtomicReference<>();
            EapPeerStateMachine peer = Fixtures.peer(Fixtures.client(pki, Set.of(version)), new EapTlsConfig(400, 65536), pm);
            // the NAS: Identity itself, then pass-through
            EapAuthenticatorStateMachine nas = new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(), true),
                    Map.<Integer, java.util.function.Supplier<EapAuthenticatorMethod>>of(EapType.IDENTITY, IdentityMethod::new),
                    Timeouts.DEFAULT, Clock.systemUTC());
            // the AAA server
            TlsSettings server = Fixtures.server(pki, Set.of("1.2", "1.3"));
            EapBackendStateMachine backend = new EapBackendStateMachine(new DefaultPolicy(false, List.of(EapType.TLS), false),
                    Map.<Integer, java.util.function.Supplier<EapAuthenticatorMethod>>of(EapType.TLS,
                            () -> new EapTlsServerMethod(() -> BcTlsEngine.server(server), new EapTlsConfig(700, 65536))));

            peer.enable();
            var out = nas.enable();
            while (!(out.eapSuccess() || out.eapFail() || out.eapTimeout())) { // the NAS's round cap bounds it
                if (out.aaaEapRespData() != null) {
                    var b = backend.receive(out.aaaEapRespData());
                    if (b.aaaSuccess()) {
                        out = nas.aaaAccept(b.aaaEapReqData(), b.aaaEapKeyData());
                    } else if (b.aaaFail()) {
                        out = nas.aaaReject(b.aaaEapReqData());
                    } else if (b.aaaEapNoReq()) {
                        out = nas.aaaNoRequest();
                    } else {
                        out = nas.aaaRequest(b.aaaEapReqData(), backend.aaaMethodTimeout());
                    }
                    continue;
                }
                out = nas.receive(peer.receive(out.eapReqData()).eapRespData());
            }
            peer.receive(out.eapReqData());
            assertThat(nas.state()).as(version).isEqualTo(EapAuthenticatorStateMachine.State.SUCCESS2);
            assertThat(backend.state()).isEqualTo(EapBackendStateMachine.State.SUCCESS);
            assertThat(peer.eapSuccess()).isTrue();
            assertThat(new String(nas.aaaIdentity(), 5, nas.aaaIdentity().length - 5)).isEqualTo("card@test.local");
            assertThat(peer.eapKeyData()).hasSize(128).isEqualTo(nas.eapKeyData());
            assertThat(pm.get().session().version()).isEqualTo("TLSv" + version);
        }
    }
}
