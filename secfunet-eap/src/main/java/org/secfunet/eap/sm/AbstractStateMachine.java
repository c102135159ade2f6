package org.secfunet.eap.sm;

/**
 * The execution model of RFC 4137's diagrams: after every event, take transitions (running each
 * new state's entry actions) until none applies; a machine with a {@link Port} takes its global
 * transitions first. Bounded: a machine that does not settle is a bug.
 */
abstract class AbstractStateMachine<S extends Enum<S>> {
    private static final int MAX_STEPS = 64;
    protected S state;
    /** portEnabled and eapRestart, or null for a machine without them (the backend). */
    protected final Port<S> port;

    protected AbstractStateMachine(S initial, Port<S> port) {
        this.state = initial;
        this.port = port;
    }

    /** The next state from the current one, or null when no transition applies; asked only when no global transition of the port applies. */
    protected abstract S transition();

    /** Enters a state: its entry actions. */
    protected abstract void enter(S s);

    protected final void run() {
        for (int i = 0; i < MAX_STEPS; i++) {
            S next = port == null ? transition() : port.transition(state, this::transition);
            if (next == null) {
                return;
            }
            state = next;
            enter(next);
        }
        throw new IllegalStateException(getClass().getSimpleName() + " did not settle after " + MAX_STEPS + " steps (in " + state + ")");
    }

    public S state() {
        return state;
    }
}
