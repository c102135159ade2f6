package org.secfunet.eap.sm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapPayload;
import org.secfunet.eap.packet.EapType;

/** The RFC 4137 full authenticator against a scripted peer; time is moved by hand. */
class EapAuthenticatorStateMachineTest {
    private static final int A = 98;
    private static final int B = 99;
    private final MutableClock clock = new MutableClock();

    private EapAuthenticatorStateMachine auth(List<Integer> order, int methodTimeout) {
        Map<Integer, Supplier<EapAuthenticatorMethod>> methods = Map.of(
                EapType.IDENTITY, IdentityMethod::new,
                A, () -> new OneShotMethods.Server(A, methodTimeout),
                B, () -> new OneShotMethods.Server(B, methodTimeout));
        return new EapAuthenticatorStateMachine(new DefaultPolicy(true, order, false), methods, new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(20), 2), clock);
    }

    private static EapPacket p(byte[] b) {
        return EapPacket.parse(b);
    }

    @Test
    void identityThenMethodThenSuccessWithTheKey() {
        EapAuthenticatorStateMachine a = auth(List.of(B), 0);
        var out = a.enable();
        assertThat(p(out.eapReqData())).isEqualTo(EapPacket.request(0, EapType.IDENTITY, new byte[0]));
        out = a.receive(EapPacket.response(0, EapType.IDENTITY, "alice".getBytes()).encode());
        assertThat(p(out.eapReqData())).isEqualTo(EapPacket.request(1, B, "challenge".getBytes()));
        out = a.receive(EapPacket.response(1, B, "ok".getBytes()).encode());
        assertThat(out.eapSuccess()).isTrue();
        assertThat(p(out.eapReqData())).isEqualTo(EapPacket.success(1));
        assertThat(a.eapKeyData()).containsExactly(9);
        assertThat(a.state()).isEqualTo(EapAuthenticatorStateMachine.State.SUCCESS);
    }

    @Test
    void aWrongAnswerEndsInFailure() {
        EapAuthenticatorStateMachine a = auth(List.of(B), 0);
        a.enable();
        a.receive(EapPacket.response(0, EapType.IDENTITY, "alice".getBytes()).encode());
        var out = a.receive(EapPacket.response(1, B, "nope".getBytes()).encode());
        assertThat(out.eapFail()).isTrue();
        assertThat(p(out.eapReqData())).isEqualTo(EapPacket.failure(1));
    }

    @Test
    void aNakSwitchesToADesiredMethodOrFails() {
        EapAuthenticatorStateMachine a = auth(List.of(B, A), 0);
        a.enable();
        a.receive(EapPacket.response(0, EapType.IDENTITY, "alice".getBytes()).encode());
        var out = a.receive(EapPacket.response(1, EapType.NAK, new EapPayload.Nak(List.of(A)).encode()).encode());
        assertThat(p(out.eapReqData()).type()).isEqualTo(A);
        assertThat(p(out.eapReqData()).identifier()).isEqualTo(2);

        EapAuthenticatorStateMachine b = auth(List.of(B), 0);
        b.enable();
        b.receive(EapPacket.response(0, EapType.IDENTITY, "alice".getBytes()).encode());
        out = b.receive(EapPacket.response(1, EapType.NAK, new byte[] {0}).encode());
        assertThat(out.eapFail()).isTrue();
    }

    @Test
    void retransmitsAfterTheTimeoutWithBackoffThenGivesUp() {
        EapAuthenticatorStateMachine a = auth(List.of(B), 0);
        byte[] first = a.enable().eapReqData();
        clock.advance(Duration.ofMillis(2999));
        assertThat(a.tick().eapReqData()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(a.tick().eapReqData()).isEqualTo(first); // retransmission 1 after 3 s
        assertThat(a.retransCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(a.tick().eapReqData()).isNull();           // backoff: 6 s now
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.tick().eapReqData()).isEqualTo(first);   // retransmission 2
        clock.advance(Duration.ofSeconds(12));
        var out = a.tick();
        assertThat(out.eapTimeout()).isTrue();                // MaxRetrans = 2 exceeded
        assertThat(a.state()).isEqualTo(EapAuthenticatorStateMachine.State.TIMEOUT_FAILURE);
    }

    @Test
    void theMethodsTimeoutWins() {
        EapAuthenticatorStateMachine a = auth(List.of(B), 10);
        a.enable();
        a.receive(EapPacket.response(0, EapType.IDENTITY, "alice".getBytes()).encode());
        clock.advance(Duration.ofSeconds(9));
        assertThat(a.tick().eapReqData()).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(p(a.tick().eapReqData()).type()).isEqualTo(B);
    }

    @Test
    void responsesWithAnotherIdentifierOrMalformedAreDiscarded() {
        EapAuthenticatorStateMachine a = auth(List.of(B), 0);
        a.enable();
        var out = a.receive(EapPacket.response(7, EapType.IDENTITY, "x".getBytes()).encode());
        assertThat(out.eapNoReq()).isTrue();
        assertThat(a.receive(new byte[] {2, 0, 0}).eapNoReq()).isTrue();
        assertThat(a.receive(EapPacket.request(0, EapType.IDENTITY, new byte[0]).encode()).eapNoReq()).isTrue();
        out = a.receive(EapPacket.response(0, EapType.IDENTITY, "x".getBytes()).encode());
        assertThat(p(out.eapReqData()).type()).isEqualTo(B);
    }

    @Test
    void aDuplicateResponseAfterTheNextRequestIsDiscarded() {
        EapAuthenticatorStateMachine a = auth(List.of(B), 0);
        a.enable();
        byte[] identity = EapPacket.response(0, EapType.IDENTITY, "x".getBytes()).encode();
        a.receive(identity);
        assertThat(a.receive(identity).eapNoReq()).isTrue();
        assertThat(a.state()).isEqualTo(EapAuthenticatorStateMachine.State.IDLE);
    }
}
