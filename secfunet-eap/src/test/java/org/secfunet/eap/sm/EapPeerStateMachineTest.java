package org.secfunet.eap.sm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;

/** The RFC 4137 peer against a scripted authenticator. */
class EapPeerStateMachineTest {
    private static final int M = 99;
    private final MutableClock clock = new MutableClock();
    private final List<String> notes = new ArrayList<>();

    private EapPeerStateMachine peer(PeerDecision verdict) {
        EapPeerStateMachine p = new EapPeerStateMachine("alice@test.local",
                Map.of(M, () -> new OneShotMethods.Peer(M, verdict)), Duration.ofSeconds(30), clock, notes::add);
        p.enable();
        return p;
    }

    private static String hex(byte[] b) {
        return b == null ? null : HexFormat.of().formatHex(b);
    }

    @Test
    void identityThenMethodThenSuccess() {
        EapPeerStateMachine p = peer(PeerDecision.UNCOND_SUCC);
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.IDLE);
        var r = p.receive(EapPacket.request(1, EapType.IDENTITY, new byte[0]).encode());
        assertThat(EapPacket.parse(r.eapRespData())).isEqualTo(EapPacket.response(1, EapType.IDENTITY, "alice@test.local".getBytes()));
        r = p.receive(EapPacket.request(2, M, new byte[] {7}).encode());
        assertThat(EapPacket.parse(r.eapRespData())).isEqualTo(EapPacket.response(2, M, "ok".getBytes()));
        r = p.receive(EapPacket.success(2).encode());
        assertThat(r.eapSuccess()).isTrue();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.SUCCESS);
        assertThat(p.eapKeyData()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownMethodGetsANakListingOurs() {
        EapPeerStateMachine p = peer(PeerDecision.UNCOND_SUCC);
        var r = p.receive(EapPacket.request(5, EapType.TLS, new byte[] {0x20}).encode());
        assertThat(hex(r.eapRespData())).isEqualTo("0205000603" + "63");
        // the authenticator then proposes our method: accepted
        r = p.receive(EapPacket.request(6, M, new byte[0]).encode());
        assertThat(EapPacket.parse(r.eapRespData()).type()).isEqualTo(M);
    }

    @Test
    void aDuplicateRequestGetsTheSameResponseAgain() {
        EapPeerStateMachine p = peer(PeerDecision.COND_SUCC);
        byte[] req = EapPacket.request(1, EapType.IDENTITY, new byte[0]).encode();
        byte[] first = p.receive(req).eapRespData();
        var again = p.receive(req);
        assertThat(again.eapRespData()).isEqualTo(first);
    }

    @Test
    void failureAfterTheMethodAndEarlySuccessIsRefused() {
        EapPeerStateMachine p = peer(PeerDecision.COND_SUCC);
        p.receive(EapPacket.request(1, M, new byte[0]).encode());
        var r = p.receive(EapPacket.failure(1).encode());
        assertThat(r.eapFail()).isTrue();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.FAILURE);

        EapPeerStateMachine q = peer(PeerDecision.FAIL);
        q.receive(EapPacket.request(1, M, new byte[0]).encode());
        assertThat(q.state()).isEqualTo(EapPeerStateMachine.State.FAILURE); // method said DONE + FAIL

        EapPeerStateMachine early = peer(PeerDecision.UNCOND_SUCC);
        early.receive(EapPacket.request(1, EapType.IDENTITY, new byte[0]).encode());
        var s = early.receive(EapPacket.success(1).encode()); // no method ran: decision FAIL
        assertThat(s.eapFail()).isTrue();
    }

    @Test
    void idleTimeoutEndsInFailureUnlessUnconditionalSuccess() {
        EapPeerStateMachine p = peer(PeerDecision.COND_SUCC);
        p.receive(EapPacket.request(1, M, new byte[0]).encode());
        clock.advance(Duration.ofSeconds(29));
        assertThat(p.tick().eapFail()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(p.tick().eapFail()).isTrue();

        EapPeerStateMachine q = peer(PeerDecision.UNCOND_SUCC);
        q.receive(EapPacket.request(1, M, new byte[0]).encode());
        clock.advance(Duration.ofSeconds(31));
        assertThat(q.tick().eapSuccess()).isTrue(); // lost Success after unconditional success
    }

    @Test
    void notificationsAreShownAndAnswered() {
        EapPeerStateMachine p = peer(PeerDecision.COND_SUCC);
        var r = p.receive(EapPacket.request(3, EapType.NOTIFICATION, "maintenance at 5".getBytes()).encode());
        assertThat(notes).containsExactly("maintenance at 5");
        assertThat(EapPacket.parse(r.eapRespData())).isEqualTo(EapPacket.response(3, EapType.NOTIFICATION, new byte[0]));
    }

    @Test
    void malformedAndUnexpectedPacketsAreDiscarded() {
        EapPeerStateMachine p = peer(PeerDecision.COND_SUCC);
        assertThat(p.receive(new byte[] {1, 2}).eapNoResp()).isTrue();
        assertThat(p.receive(EapPacket.response(1, M, new byte[0]).encode()).eapNoResp()).isTrue();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.IDLE);
    }

    @Test
    void restartBeginsANewAuthentication() {
        EapPeerStateMachine p = peer(PeerDecision.COND_SUCC);
        p.receive(EapPacket.request(1, M, new byte[0]).encode());
        p.receive(EapPacket.failure(1).encode());
        p.restart();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.IDLE);
        assertThat(p.receive(EapPacket.request(1, M, new byte[0]).encode()).eapRespData()).isNotNull();
    }
}
