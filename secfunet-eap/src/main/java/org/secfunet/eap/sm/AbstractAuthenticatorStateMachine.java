package org.secfunet.eap.sm;

import org.secfunet.eap.packet.EapPacket;

/**
 * What the standalone (§5) and backend (§6) authenticators of RFC 4137 share: the method states
 * RECEIVED, NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD, METHOD_REQUEST,
 * DISCARD and SEND_REQUEST, the transitions between them, the entry actions that only act on the
 * method, and the variables these use. Both machines' State enums name these states as the RFC
 * does; they are found here by those names.
 */
abstract class AbstractAuthenticatorStateMachine<S extends Enum<S>> extends AbstractStateMachine<S> {
    protected static final int NONE = -1;

    protected final MethodSlot slot;
    protected int currentId = NONE;
    protected AuthDecision decision;
    /** parseEapResp()'s rxResp, respId and respMethod, with the packet. */
    protected EapResp resp = EapResp.NOTHING;
    protected boolean ignore;
    protected byte[] eapKeyData;

    private final S idle;
    private final S received;
    private final S nak;
    private final S selectAction;
    private final S integrityCheck;
    private final S methodResponse;
    private final S proposeMethod;
    private final S methodRequest;
    private final S discard;
    private final S sendRequest;

    protected AbstractAuthenticatorStateMachine(S initial, Port<S> port, MethodSlot slot, S failure, int maxRounds) {
        super(initial, port, failure, maxRounds);
        this.slot = slot;
        Class<S> states = initial.getDeclaringClass();
        idle = Enum.valueOf(states, "IDLE");
        received = Enum.valueOf(states, "RECEIVED");
        nak = Enum.valueOf(states, "NAK");
        selectAction = Enum.valueOf(states, "SELECT_ACTION");
        integrityCheck = Enum.valueOf(states, "INTEGRITY_CHECK");
        methodResponse = Enum.valueOf(states, "METHOD_RESPONSE");
        proposeMethod = Enum.valueOf(states, "PROPOSE_METHOD");
        methodRequest = Enum.valueOf(states, "METHOD_REQUEST");
        discard = Enum.valueOf(states, "DISCARD");
        sendRequest = Enum.valueOf(states, "SEND_REQUEST");
    }

    /**
     * The transition out of RECEIVED, NAK, INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD,
     * METHOD_REQUEST, DISCARD or SEND_REQUEST; SELECT_ACTION's is the subclass's own.
     */
    protected final S methodStateTransition() {
        if (state == received) {
            if (resp.rxResp() && resp.respId() == currentId && resp.isNak() && slot.methodState == AuthMethodState.PROPOSED) {
                return nak;
            }
            if (resp.rxResp() && resp.respId() == currentId && resp.respMethod() == slot.currentMethod) {
                return integrityCheck;
            }
            return discard;
        }
        if (state == nak) {
            return selectAction;
        }
        if (state == integrityCheck) {
            return ignore ? discard : methodResponse;
        }
        if (state == methodResponse) {
            return slot.methodState == AuthMethodState.END ? selectAction : methodRequest;
        }
        if (state == proposeMethod) {
            return methodRequest;
        }
        if (state == methodRequest) {
            return sendRequest;
        }
        if (state == discard || state == sendRequest) {
            return idle;
        }
        throw new IllegalStateException(state + " is not a method state");
    }

    /** The entry actions of NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE and PROPOSE_METHOD. */
    protected final void enterMethodState(S s) {
        if (s == nak) {
            slot.nak(resp.packet());
        } else if (s == selectAction) {
            decision = slot.selectAction();
        } else if (s == integrityCheck) {
            ignore = slot.integrityCheck(resp.packet());
        } else if (s == methodResponse) {
            byte[] key = slot.methodResponse(resp.packet());
            if (slot.methodState == AuthMethodState.END) {
                eapKeyData = key;
            }
        } else if (s == proposeMethod) {
            slot.proposeMethod();
        } else {
            throw new IllegalStateException(s + " has no method entry action here");
        }
    }

    /** RECEIVED's entry: (rxResp, respId, respMethod) = parseEapResp(data), and one more round (the round cap, see AbstractStateMachine). */
    protected final void enterReceived(byte[] data) {
        countRound();
        resp = EapResp.parseEapResp(data);
    }

    /** METHOD_REQUEST's entry: currentId = nextId(currentId); returns m.buildReq(currentId) (the caller also takes m.getTimeout()). */
    protected final byte[] methodRequest() {
        currentId = nextId(currentId);
        return slot.buildReq(currentId);
    }

    /** nextId(): the next identifier, modulo 256, starting from a random one is allowed; we start at 0. */
    private static int nextId(int id) {
        return id == NONE ? 0 : (id + 1) & 0xFF;
    }

    /**
     * buildSuccess(currentId): the EAP-Success packet. RFC 4137 §5.3 builds it with currentId even
     * when that is still NONE (a decision before any request); we use identifier 0 then, since NONE
     * is no identifier an EAP packet can carry (RFC 3748 §4).
     */
    protected final byte[] buildSuccess() {
        return EapPacket.success(Math.max(currentId, 0)).encode();
    }

    /** buildFailure(currentId): the EAP-Failure packet (identifier 0 before any request, as {@link #buildSuccess()}). */
    protected final byte[] buildFailure() {
        return EapPacket.failure(Math.max(currentId, 0)).encode();
    }
}
