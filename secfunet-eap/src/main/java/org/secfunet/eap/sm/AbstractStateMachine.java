package org.secfunet.eap.sm;

/**
 * The execution model of RFC 4137's diagrams: after every event, take transitions (running each
 * new state's entry actions) until none applies; a machine with a {@link Port} takes its global
 * transitions first. Bounded: a machine that does not settle is a bug.
 *
 * <p>One global transition RFC 4137 does not have: the round cap. Each entry into RECEIVED (a
 * request reaching the peer, a response reaching an authenticator) is a round; when a
 * conversation passes {@link #maxRounds()} rounds the machine goes to FAILURE by itself, ahead of
 * every transition but the port's (portEnabled, eapRestart), and then takes no other transition
 * until INITIALIZE starts a new conversation. RFC 4137 §4.3/§5.3/§6.3 leave a conversation that
 * never ends to the lower layer; we cap it in the machine, as hostap does (EAP_MAX_AUTH_ROUNDS for
 * its peer, max_auth_rounds for its authenticator), so no caller has to count rounds itself.
 */
abstract class AbstractStateMachine<S extends Enum<S>> {
    /** The default round cap: hostap's peer EAP_MAX_AUTH_ROUNDS (an EAP-TLS authentication takes about ten). */
    public static final int DEFAULT_MAX_ROUNDS = 50;
    private static final int MAX_STEPS = 64;
    protected S state;
    /** portEnabled and eapRestart, or null for a machine without them (the backend). */
    protected final Port<S> port;
    private final int maxRounds;
    private final S failure;
    private int rounds;

    /**
     * @param failure   the state the round cap leads to
     * @param maxRounds rounds allowed in one conversation (at least 1)
     */
    protected AbstractStateMachine(S initial, Port<S> port, S failure, int maxRounds) {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("the round cap must be at least 1, got " + maxRounds);
        }
        this.state = initial;
        this.port = port;
        this.failure = failure;
        this.maxRounds = maxRounds;
    }

    /** The next state from the current one, or null when no transition applies; asked only when no global transition applies. */
    protected abstract S transition();

    /** Enters a state: its entry actions. */
    protected abstract void enter(S s);

    protected final void run() {
        for (int i = 0; i < MAX_STEPS; i++) {
            S next = port == null ? capOrTransition() : port.transition(state, this::capOrTransition);
            if (next == null) {
                return;
            }
            state = next;
            enter(next);
        }
        throw new IllegalStateException(getClass().getSimpleName() + " did not settle after " + MAX_STEPS + " steps (in " + state + ")");
    }

    /** The round cap's global transition (taken once), else the current state's own. */
    private S capOrTransition() {
        if (roundCapReached()) {
            return state == failure ? null : failure;
        }
        return transition();
    }

    /** Entry action of RECEIVED (every variant): one more round. */
    protected final void countRound() {
        rounds++;
    }

    /** Entry action of INITIALIZE: a new conversation has had no round. */
    protected final void resetRounds() {
        rounds = 0;
    }

    public S state() {
        return state;
    }

    /** Rounds of the current conversation so far. */
    public int rounds() {
        return rounds;
    }

    public int maxRounds() {
        return maxRounds;
    }

    /** True once the conversation passed the round cap (the machine then went to FAILURE). */
    public boolean roundCapReached() {
        return rounds > maxRounds;
    }
}
