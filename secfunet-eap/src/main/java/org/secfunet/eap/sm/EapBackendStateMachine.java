package org.secfunet.eap.sm;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapCode;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapPayload;
import org.secfunet.eap.packet.EapType;

/**
 * The EAP backend authenticator of RFC 4137 §6: what a AAA server runs for a pass-through
 * authenticator. It talks only through the AAA interface (aaaEapResp/aaaEapRespData in,
 * aaaEapReq/aaaEapNoReq/aaaSuccess/aaaFail with aaaEapReqData out); retransmission is the
 * pass-through's job, so there is no timer. The first response it sees may be the peer's
 * Identity (recorded) or the response to a method the pass-through started (PICK_UP_METHOD).
 */
public final class EapBackendStateMachine {
    /** RFC 4137 §6.3 states. */
    public enum State {
        INITIALIZE, PICK_UP_METHOD, IDLE, RECEIVED, NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE,
        PROPOSE_METHOD, METHOD_REQUEST, DISCARD, SEND_REQUEST, FAILURE, SUCCESS
    }

    /** What the backend hands to the AAA layer after a step. */
    public record Output(byte[] aaaEapReqData, boolean aaaEapNoReq, boolean aaaSuccess, boolean aaaFail, byte[] aaaEapKeyData) {
    }

    private static final int NONE = -1;
    private static final int MAX_STEPS = 64;

    private final EapPolicy policy;
    private final Map<Integer, Supplier<EapAuthenticatorMethod>> methods;
    private State state;
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
    // local
    private int currentMethod = NONE;
    private int currentId = NONE;
    private AuthMethodState methodState = AuthMethodState.NONE;
    private AuthDecision decision;
    private byte[] eapKeyData;
    private EapAuthenticatorMethod m;
    private boolean rxResp;
    private int respId = NONE;
    private int respMethod = NONE;
    private EapPacket parsed;
    private boolean ignore;

    public EapBackendStateMachine(EapPolicy policy, Map<Integer, Supplier<EapAuthenticatorMethod>> methods) {
        this.policy = policy;
        this.methods = Map.copyOf(methods);
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

    private void run() {
        for (int i = 0; i < MAX_STEPS; i++) {
            State next = transition();
            if (next == null) {
                return;
            }
            enter(next);
        }
        throw new IllegalStateException("EAP backend state machine did not settle after " + MAX_STEPS + " steps (in " + state + ")");
    }

    private State transition() {
        switch (state) {
            case INITIALIZE:
                if (rxResp && respMethod != EapType.IDENTITY && respMethod != EapType.NAK) {
                    return State.PICK_UP_METHOD;
                }
                return State.SELECT_ACTION;
            case PICK_UP_METHOD:
                return currentMethod != NONE ? State.METHOD_RESPONSE : State.SELECT_ACTION;
            case IDLE:
                return aaaEapResp ? State.RECEIVED : null;
            case RECEIVED:
                if (rxResp && respId == currentId && (respMethod == EapType.NAK || respMethod == EapType.EXPANDED_NAK)
                        && methodState == AuthMethodState.PROPOSED) {
                    return State.NAK;
                }
                if (rxResp && respId == currentId && respMethod == currentMethod) {
                    return State.INTEGRITY_CHECK;
                }
                return State.DISCARD;
            case NAK:
                return State.SELECT_ACTION;
            case SELECT_ACTION:
                return switch (decision) {
                    case FAILURE, PASSTHROUGH -> State.FAILURE;
                    case SUCCESS -> State.SUCCESS;
                    case CONTINUE -> State.PROPOSE_METHOD;
                };
            case INTEGRITY_CHECK:
                return ignore ? State.DISCARD : State.METHOD_RESPONSE;
            case METHOD_RESPONSE:
                return methodState == AuthMethodState.END ? State.SELECT_ACTION : State.METHOD_REQUEST;
            case PROPOSE_METHOD:
                return State.METHOD_REQUEST;
            case METHOD_REQUEST:
                return State.SEND_REQUEST;
            case DISCARD:
            case SEND_REQUEST:
                return State.IDLE;
            case FAILURE:
            case SUCCESS:
                return null;
            default:
                throw new IllegalStateException("unknown state " + state);
        }
    }

    private void enter(State s) {
        state = s;
        switch (s) {
            case INITIALIZE -> {
                currentId = NONE;
                aaaSuccess = false;
                aaaFail = false;
                aaaEapKeyData = null;
                parseEapResp(aaaEapRespData);
                if (rxResp && respMethod == EapType.IDENTITY) {
                    policy.updateMethodDone(EapType.IDENTITY, true, new String(parsed.typeData(), java.nio.charset.StandardCharsets.UTF_8));
                    currentId = respId;
                    aaaEapResp = false;
                }
            }
            case PICK_UP_METHOD -> {
                if (policy.doPickUp(respMethod)) {
                    currentMethod = respMethod;
                    currentId = respId;
                    m = methods.get(respMethod).get();
                    m.init();
                    methodState = AuthMethodState.CONTINUE;
                }
            }
            case IDLE -> { }
            case RECEIVED -> parseEapResp(aaaEapRespData);
            case NAK -> {
                m.reset();
                List<Integer> desired = List.of();
                try {
                    if (parsed.type() == EapType.NAK) {
                        desired = ((EapPayload.Nak) EapPayload.of(parsed)).desired();
                    }
                } catch (EapFormatException e) {
                    desired = List.of();
                }
                policy.updateNak(currentMethod, desired);
            }
            case SELECT_ACTION -> decision = policy.getDecision();
            case INTEGRITY_CHECK -> ignore = m.check(parsed);
            case METHOD_RESPONSE -> {
                m.process(parsed);
                if (m.isDone()) {
                    policy.updateMethodDone(currentMethod, m.isSuccess(), m.identity());
                    eapKeyData = m.getKey();
                    methodState = AuthMethodState.END;
                } else {
                    methodState = AuthMethodState.CONTINUE;
                }
            }
            case PROPOSE_METHOD -> {
                currentMethod = policy.getNextMethod();
                Supplier<EapAuthenticatorMethod> f = methods.get(currentMethod);
                if (f == null) {
                    throw new IllegalStateException("policy proposed method " + EapType.name(currentMethod) + " which is not configured");
                }
                m = f.get();
                m.init();
                methodState = currentMethod == EapType.IDENTITY || currentMethod == EapType.NOTIFICATION
                        ? AuthMethodState.CONTINUE : AuthMethodState.PROPOSED;
            }
            case METHOD_REQUEST -> {
                currentId = currentId == NONE ? 0 : (currentId + 1) & 0xFF;
                aaaEapReqData = m.buildReq(currentId).encode();
                aaaMethodTimeout = m.getTimeout();
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
                aaaEapReqData = EapPacket.failure(Math.max(currentId, 0)).encode();
                aaaFail = true;
            }
            case SUCCESS -> {
                aaaEapReqData = EapPacket.success(Math.max(currentId, 0)).encode();
                aaaEapKeyData = eapKeyData;
                aaaSuccess = true;
            }
            default -> throw new IllegalStateException("unknown state " + s);
        }
    }

    private void parseEapResp(byte[] data) {
        rxResp = false;
        respId = NONE;
        respMethod = NONE;
        parsed = null;
        if (data == null) {
            return;
        }
        try {
            EapPacket p = EapPacket.parse(data);
            parsed = p;
            rxResp = p.code() == EapCode.RESPONSE;
            respId = p.identifier();
            respMethod = rxResp ? p.type() : NONE;
        } catch (EapFormatException e) {
            // discarded
        }
    }

    public State state() {
        return state;
    }
}
