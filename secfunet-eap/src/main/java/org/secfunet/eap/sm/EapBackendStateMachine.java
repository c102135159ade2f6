package org.secfunet.eap.sm;

import java.util.Map;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapType;

/**
 * The EAP backend authenticator of RFC 4137 §6: what a AAA server runs for a pass-through
 * authenticator. It talks only through the AAA interface (aaaEapResp/aaaEapRespData in,
 * aaaEapReq/aaaEapNoReq/aaaSuccess/aaaFail with aaaEapReqData out); retransmission is the
 * pass-through's job, so there is no timer. The first response it sees may be the peer's
 * Identity (recorded) or the response to a method the pass-through started (PICK_UP_METHOD).
 */
public final class EapBackendStateMachine extends AbstractAuthenticatorStateMachine<EapBackendStateMachine.State> {
    /** RFC 4137 §6.3 states. */
    public enum State {
        INITIALIZE, PICK_UP_METHOD, IDLE, RECEIVED, NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE,
        PROPOSE_METHOD, METHOD_REQUEST, DISCARD, SEND_REQUEST, FAILURE, SUCCESS
    }

    /** What the backend hands to the AAA layer after a step. */
    public record Output(byte[] aaaEapReqData, boolean aaaEapNoReq, boolean aaaSuccess, boolean aaaFail, byte[] aaaEapKeyData) {
    }

    private boolean started;
    // AAA interface (§6.1)
    private boolean aaaEapResp;
    private byte[] aaaEapRespData;
    private boolean aaaEapReq;
    private boolean aaaEapNoReq;
    private boolean aaaSuccess;
    private boolean aaaFail;
    private byte[] aaaEapReqData;
    private byte[] aaaEapKeyData;
    private int aaaMethodTimeout;

    public EapBackendStateMachine(EapPolicy policy, Map<Integer, Supplier<EapAuthenticatorMethod>> methods) {
        this(policy, methods, DEFAULT_MAX_ROUNDS);
    }

    /** As above, failing by itself after {@code maxRounds} responses in one authentication (see {@link AbstractStateMachine}). */
    public EapBackendStateMachine(EapPolicy policy, Map<Integer, Supplier<EapAuthenticatorMethod>> methods, int maxRounds) {
        super(State.INITIALIZE, null, new MethodSlot(policy, methods), State.FAILURE, maxRounds);
    }

    /**
     * aaaEapResp := TRUE with the peer's response (the first call starts the backend; pass null
     * to let the backend propose the first method itself).
     */
    public Output receive(byte[] eapResponse) {
        aaaEapResp = eapResponse != null;
        aaaEapRespData = eapResponse == null ? null : eapResponse.clone();
        if (!started) {
            started = true;
            state = State.INITIALIZE;
            enter(State.INITIALIZE);
        }
        run();
        Output o = new Output(aaaEapReq || aaaSuccess || aaaFail ? aaaEapReqData.clone() : null, aaaEapNoReq, aaaSuccess, aaaFail,
                aaaSuccess && aaaEapKeyData != null ? aaaEapKeyData.clone() : null);
        aaaEapReq = false;
        aaaEapNoReq = false;
        return o;
    }

    /** Method timeout the backend asks the pass-through to use (aaaMethodTimeout), seconds. */
    public int aaaMethodTimeout() {
        return aaaMethodTimeout;
    }

    @Override
    protected State transition() {
        return switch (state) {
            case INITIALIZE -> {
                if (resp.rxResp() && resp.respMethod() != EapType.IDENTITY && resp.respMethod() != EapType.NAK) {
                    yield State.PICK_UP_METHOD;
                }
                yield State.SELECT_ACTION;
            }
            case PICK_UP_METHOD -> slot.currentMethod != NONE ? State.METHOD_RESPONSE : State.SELECT_ACTION;
            case IDLE -> aaaEapResp ? State.RECEIVED : null;
            case RECEIVED, NAK, INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD, METHOD_REQUEST, DISCARD, SEND_REQUEST ->
                    methodStateTransition();
            case SELECT_ACTION -> switch (decision) {
                // RFC 4137 §6.3 has no PASSTHROUGH decision in a backend (it is the last hop); a
                // policy that answers it anyway fails the conversation rather than stalling it.
                case FAILURE, PASSTHROUGH -> State.FAILURE;
                case SUCCESS -> State.SUCCESS;
                case CONTINUE -> State.PROPOSE_METHOD;
            };
            case FAILURE, SUCCESS -> null;
        };
    }

    @Override
    protected void enter(State s) {
        switch (s) {
            case INITIALIZE -> {
                resetRounds(); // the round cap's counter (see AbstractStateMachine)
                currentId = NONE;
                aaaSuccess = false;
                aaaFail = false;
                aaaEapKeyData = null;
                resp = EapResp.parseEapResp(aaaEapRespData);
                // Ours, beyond RFC 4137 §6.3 INITIALIZE: an Identity response (which a pass-through
                // relays first, RFC 3579 §2.1) goes to Policy.update and is consumed (aaaEapResp :=
                // FALSE, currentId := its identifier), so SELECT_ACTION proposes the first method
                // instead of IDLE taking the Identity for a method's response.
                if (resp.rxResp() && resp.respMethod() == EapType.IDENTITY) {
                    slot.identityReceived(new String(resp.packet().typeData(), java.nio.charset.StandardCharsets.UTF_8));
                    currentId = resp.respId();
                    aaaEapResp = false;
                }
            }
            case PICK_UP_METHOD -> {
                if (slot.pickUp(resp.respMethod())) {
                    currentId = resp.respId();
                }
            }
            case IDLE -> { }
            case RECEIVED -> enterReceived(aaaEapRespData);
            case NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD -> enterMethodState(s);
            case METHOD_REQUEST -> {
                aaaEapReqData = methodRequest();
                aaaMethodTimeout = slot.timeout();
            }
            case DISCARD -> {
                aaaEapResp = false;
                aaaEapNoReq = true;
            }
            case SEND_REQUEST -> {
                aaaEapResp = false;
                aaaEapReq = true;
            }
            case FAILURE -> {
                aaaEapReqData = buildFailure();
                aaaFail = true;
            }
            case SUCCESS -> {
                aaaEapReqData = buildSuccess();
                aaaEapKeyData = eapKeyData;
                aaaSuccess = true;
            }
            default -> throw new IllegalStateException("unknown state " + s);
        }
    }

}
