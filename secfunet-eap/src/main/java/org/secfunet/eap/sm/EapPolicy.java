package org.secfunet.eap.sm;

import java.util.List;

/** The authenticator's Policy object of RFC 4137 §5.3 (getNextMethod, getDecision, update). */
public interface EapPolicy {
    /** {@code Policy.getNextMethod()}: the method to propose next, or EapType.NONE. */
    int getNextMethod();

    /** {@code Policy.getDecision()}. */
    AuthDecision getDecision();

    /** {@code Policy.update(<...>)} after the peer sent a Nak listing {@code desired} types (empty: none). */
    void updateNak(int refusedMethod, List<Integer> desired);

    /** {@code Policy.update(<...>)} after a method ended. */
    void updateMethodDone(int method, boolean success, String identity);

    /** For a backend: whether it may pick up a method the pass-through started (RFC 4137 §6, Policy.doPickUp). */
    default boolean doPickUp(int method) {
        return false;
    }
}
