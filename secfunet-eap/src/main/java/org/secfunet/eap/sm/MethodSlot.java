package org.secfunet.eap.sm;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapPayload;
import org.secfunet.eap.packet.EapType;

/**
 * The method side both authenticator machines share (standalone §5 and backend §6 of RFC 4137):
 * currentMethod, methodState, the method object m, and the entry actions of NAK, SELECT_ACTION,
 * INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD and METHOD_REQUEST that act on them and on Policy.
 */
final class MethodSlot {
    private final EapPolicy policy;
    private final Map<Integer, Supplier<EapAuthenticatorMethod>> methods;
    int currentMethod = EapType.NONE;
    AuthMethodState methodState = AuthMethodState.NONE;
    private EapAuthenticatorMethod m;

    MethodSlot(EapPolicy policy, Map<Integer, Supplier<EapAuthenticatorMethod>> methods) {
        this.policy = policy;
        this.methods = Map.copyOf(methods);
    }

    void clear() {
        currentMethod = EapType.NONE;
        methodState = AuthMethodState.NONE;
        m = null;
    }

    /** NAK: m.reset(); Policy.update(&lt;the peer's desired types&gt;). */
    void nak(EapPacket resp) {
        m.reset();
        List<Integer> desired = List.of();
        if (resp != null && resp.type() == EapType.NAK) {
            try {
                desired = ((EapPayload.Nak) EapPayload.of(resp)).desired();
            } catch (EapFormatException e) {
                desired = List.of();
            }
        }
        policy.updateNak(currentMethod, desired);
    }

    /** SELECT_ACTION: decision = Policy.getDecision(). */
    AuthDecision selectAction() {
        return policy.getDecision();
    }

    /** INTEGRITY_CHECK: ignore = m.check(eapRespData). */
    boolean integrityCheck(EapPacket resp) {
        return m.check(resp);
    }

    /** METHOD_RESPONSE: m.process(); on m.isDone() Policy.update() and methodState END. Returns m.getKey() when done, else null. */
    byte[] methodResponse(EapPacket resp) {
        m.process(resp);
        if (m.isDone()) {
            policy.updateMethodDone(currentMethod, m.isSuccess(), m.identity());
            methodState = AuthMethodState.END;
            return m.getKey();
        }
        methodState = AuthMethodState.CONTINUE;
        return null;
    }

    /** PROPOSE_METHOD: currentMethod = Policy.getNextMethod(); m.init(). */
    void proposeMethod() {
        currentMethod = policy.getNextMethod();
        start(currentMethod);
        methodState = currentMethod == EapType.IDENTITY || currentMethod == EapType.NOTIFICATION
                ? AuthMethodState.CONTINUE : AuthMethodState.PROPOSED;
    }

    /** PICK_UP_METHOD (backend): take over a method the pass-through started, if Policy.doPickUp allows. */
    boolean pickUp(int method) {
        if (!policy.doPickUp(method)) {
            return false;
        }
        currentMethod = method;
        start(method);
        methodState = AuthMethodState.CONTINUE;
        return true;
    }

    private void start(int method) {
        Supplier<EapAuthenticatorMethod> factory = methods.get(method);
        if (factory == null) {
            throw new IllegalStateException("policy chose method " + EapType.name(method) + " which is not configured");
        }
        m = factory.get();
        m.init();
    }

    /** METHOD_REQUEST: m.buildReq(currentId). */
    byte[] buildReq(int currentId) {
        return m.buildReq(currentId).encode();
    }

    /** m.getTimeout(). */
    int timeout() {
        return m.getTimeout();
    }

    /** Policy.updateMethodDone for an Identity the backend received before any method ran. */
    void identityReceived(String identity) {
        policy.updateMethodDone(EapType.IDENTITY, true, identity);
    }
}
