package org.secfunet.eap.sm;

/**
 * The execution model of RFC 4137's diagrams: after every event, take transitions (running each
 * new state's entry actions) until none applies. Bounded: a machine that does not settle is a bug.
 */
abstract class AbstractStateMachine<S extends Enum<S>> {
    private static final int MAX_STEPS = 64;
    protected S state;

    protected AbstractStateMachine(S initial) {
        this.state = initial;
    }

    /** The next state from the current one, or null when no transition applies. */
    protected abstract S transition();

    /** Enters a state: its entry actions. */
    protected abstract void enter(S s);

    protected final void run() {
        for (int i = 0; i < MAX_STEPS; i++) {
            S next = transition();
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
