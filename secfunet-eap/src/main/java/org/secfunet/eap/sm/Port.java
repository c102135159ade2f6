package org.secfunet.eap.sm;

import java.util.function.Supplier;

/**
 * portEnabled and eapRestart, which the lower layer sets for the peer (§4.1.1) and the standalone
 * authenticator (§5.1.1), and the global transitions they drive: to DISABLED while the port is
 * down, to INITIALIZE on eapRestart.
 */
final class Port<S extends Enum<S>> {
    boolean portEnabled;
    boolean eapRestart;
    private final S disabled;
    private final S initialize;

    Port(S disabled, S initialize) {
        this.disabled = disabled;
        this.initialize = initialize;
    }

    /**
     * The next state from {@code state}: a global transition if one applies, else {@code
     * fromState}'s answer. RFC 4137 §4.3/§5.3 draw "!portEnabled → DISABLED" as a global transition
     * taken whenever its condition holds; read literally it would re-enter DISABLED forever, so
     * we take it only from another state.
     */
    S transition(S state, Supplier<S> fromState) {
        if (!portEnabled) {
            return state == disabled ? null : disabled;
        }
        if (eapRestart) {
            return initialize;
        }
        return fromState.get();
    }
}
