package org.secfunet.eap.sm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.secfunet.eap.packet.EapCode;
import org.secfunet.eap.packet.EapPacket;

/** The round cap, a global transition inside every machine: a conversation that never ends fails by itself at the cap. */
class RoundCapTest {
    private static final int M = 99;
    private final MutableClock clock = new MutableClock();

    /** A peer method that always wants more. */
    static final class EndlessPeer implements EapPeerMethod {
        public int type() {
            return M;
        }

        public Outcome process(EapPacket req) {
            return new Outcome(PeerMethodState.CONT, PeerDecision.FAIL, false);
        }

        public EapPacket buildResp(int reqId) {
            return EapPacket.response(reqId, M, new byte[] {1});
        }

        public boolean isKeyAvailable() {
            return false;
        }

        public byte[] getKey() {
            return null;
        }
    }

    /** An authenticator method that is never done. */
    static final class EndlessServer implements EapAuthenticatorMethod {
        public int type() {
            return M;
        }

        public void init() {
        }

        public void reset() {
        }

        public EapPacket buildReq(int id) {
            return EapPacket.request(id, M, new byte[] {2});
        }

        public void process(EapPacket resp) {
        }

        public boolean isDone() {
            return false;
        }

        public boolean isSuccess() {
            return false;
        }

        public byte[] getKey() {
            return null;
        }
    }

    private static final Map<Integer, Supplier<EapAuthenticatorMethod>> SERVER = Map.of(M, EndlessServer::new);

    @Test
    void aPeerFedEndlessRequestsFailsAtTheCap() {
        EapPeerStateMachine p = new EapPeerStateMachine("alice", Map.of(M, EndlessPeer::new), Duration.ofSeconds(30), clock, null, 5);
        p.enable();
        for (int id = 1; id <= 5; id++) {
            var out = p.receive(EapPacket.request(id, M, new byte[0]).encode());
            assertThat(out.eapRespData()).as("round %d", id).isNotNull();
            assertThat(out.eapFail()).isFalse();
        }
        var out = p.receive(EapPacket.request(6, M, new byte[0]).encode());
        assertThat(out.eapFail()).isTrue();
        assertThat(out.eapRespData()).isNull();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.FAILURE);
        assertThat(p.roundCapReached()).isTrue();
        // and stays there
        clock.advance(Duration.ofMinutes(5));
        assertThat(p.tick().eapRespData()).isNull();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.FAILURE);
        // a restart is a new conversation with no rounds
        p.restart();
        assertThat(p.state()).isEqualTo(EapPeerStateMachine.State.IDLE);
        assertThat(p.rounds()).isZero();
        assertThat(p.roundCapReached()).isFalse();
    }

    @Test
    void theDefaultCapIsHostapsFifty() {
        EapPeerStateMachine p = new EapPeerStateMachine("alice", Map.of(M, EndlessPeer::new), Duration.ofSeconds(30), clock, null);
        p.enable();
        int answered = 0;
        for (int id = 1; id <= 100 && !p.eapFail(); id++) {
            if (p.receive(EapPacket.request(id & 0xFF, M, new byte[0]).encode()).eapRespData() != null) {
                answered++;
            }
        }
        assertThat(p.maxRounds()).isEqualTo(EapPeerStateMachine.DEFAULT_MAX_ROUNDS).isEqualTo(50);
        assertThat(answered).isEqualTo(50);
        assertThat(p.eapFail()).isTrue();
    }

    @Test
    void anAuthenticatorFedEndlessResponsesSendsEapFailureAtTheCap() {
        EapAuthenticatorStateMachine a = new EapAuthenticatorStateMachine(new DefaultPolicy(false, List.of(M), false), SERVER,
                Timeouts.DEFAULT, clock, 4);
        var out = a.enable();
        for (int round = 1; round <= 4; round++) {
            int id = EapPacket.parse(out.eapReqData()).identifier();
            out = a.receive(EapPacket.response(id, M, new byte[] {1}).encode());
            assertThat(out.eapFail()).isFalse();
            assertThat(EapPacket.parse(out.eapReqData()).code()).isEqualTo(EapCode.REQUEST);
        }
        int id = EapPacket.parse(out.eapReqData()).identifier();
        out = a.receive(EapPacket.response(id, M, new byte[] {1}).encode());
        assertThat(out.eapFail()).isTrue();
        assertThat(EapPacket.parse(out.eapReqData())).isEqualTo(EapPacket.failure(id));
        assertThat(a.state()).isEqualTo(EapAuthenticatorStateMachine.State.FAILURE);
        assertThat(a.rounds()).isEqualTo(5);
    }

    @Test
    void aPassThroughAuthenticatorFailsAtTheCapToo() {
        EapAuthenticatorStateMachine nas = new EapAuthenticatorStateMachine(new DefaultPolicy(false, List.of(), true), Map.of(),
                Timeouts.DEFAULT, clock, 3);
        var out = nas.enable();
        assertThat(nas.state()).isEqualTo(EapAuthenticatorStateMachine.State.AAA_IDLE);
        int id = 1;
        for (int round = 1; round <= 4 && !out.eapFail(); round++, id++) {
            out = nas.aaaRequest(EapPacket.request(id, M, new byte[0]).encode(), 0);
            out = nas.receive(EapPacket.response(id, M, new byte[] {1}).encode());
        }
        assertThat(out.eapFail()).isTrue();
        assertThat(nas.state()).isEqualTo(EapAuthenticatorStateMachine.State.FAILURE);
        assertThat(nas.rounds()).isEqualTo(4);
    }

    @Test
    void aBackendFedEndlessResponsesAnswersAaaFailAtTheCap() {
        EapBackendStateMachine b = new EapBackendStateMachine(new DefaultPolicy(false, List.of(M), false), SERVER, 3);
        var out = b.receive(null);
        for (int round = 1; round <= 3; round++) {
            int id = EapPacket.parse(out.aaaEapReqData()).identifier();
            out = b.receive(EapPacket.response(id, M, new byte[] {1}).encode());
            assertThat(out.aaaFail()).isFalse();
        }
        int id = EapPacket.parse(out.aaaEapReqData()).identifier();
        out = b.receive(EapPacket.response(id, M, new byte[] {1}).encode());
        assertThat(out.aaaFail()).isTrue();
        assertThat(EapPacket.parse(out.aaaEapReqData()).code()).isEqualTo(EapCode.FAILURE);
        assertThat(b.state()).isEqualTo(EapBackendStateMachine.State.FAILURE);
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new EapBackendStateMachine(new DefaultPolicy(false, List.of(M), false), SERVER, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
