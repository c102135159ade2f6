package org.secfunet.eap.sm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.secfunet.eap.packet.EapType;

/**
 * A simple authenticator policy: an Identity round first (optional), then the configured methods in
 * order; a Nak removes the refused method and keeps only the peer's desired ones; the first method
 * that ends decides. With {@code passthroughAfterIdentity} the decision after the Identity round is
 * PASSTHROUGH (a NAS relaying to a AAA server).
 */
public final class DefaultPolicy implements EapPolicy {
    private final boolean identityFirst;
    private final boolean passthroughAfterIdentity;
    private final Deque<Integer> remaining;
    private boolean identityDone;
    private Boolean result;
    private String identity;

    public DefaultPolicy(boolean identityFirst, List<Integer> methods, boolean passthroughAfterIdentity) {
        this.identityFirst = identityFirst;
        this.passthroughAfterIdentity = passthroughAfterIdentity;
        this.remaining = new ArrayDeque<>(methods);
    }

    @Override
    public int getNextMethod() {
        if (identityFirst && !identityDone) {
            return EapType.IDENTITY;
        }
        Integer next = remaining.peekFirst();
        return next == null ? EapType.NONE : next;
    }

    @Override
    public AuthDecision getDecision() {
        if (result != null) {
            return result ? AuthDecision.SUCCESS : AuthDecision.FAILURE;
        }
        if (identityFirst && !identityDone) {
            return AuthDecision.CONTINUE;
        }
        if (passthroughAfterIdentity) {
            return AuthDecision.PASSTHROUGH;
        }
        return remaining.isEmpty() ? AuthDecision.FAILURE : AuthDecision.CONTINUE;
    }

    @Override
    public void updateNak(int refusedMethod, List<Integer> desired) {
        remaining.remove(refusedMethod);
        remaining.removeIf(t -> !desired.contains(t));
    }

    @Override
    public void updateMethodDone(int method, boolean success, String identity) {
        if (method == EapType.IDENTITY) {
            identityDone = true;
            this.identity = identity;
            return;
        }
        result = success;
    }

    @Override
    public boolean doPickUp(int method) {
        return remaining.contains(method);
    }

    /** The identity the peer gave in the Identity round, or null. */
    public String identity() {
        return identity;
    }
}
