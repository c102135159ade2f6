package org.secfunet.apdu.trace;

/**
 * Which bytes of an exchange are secret and must never reach a trace: a command's data (a PIN, a
 * private key being imported) or the response data (a session key, exported record keys). The
 * trace layer applies it; a card driver adds what its own commands carry.
 */
@FunctionalInterface
public interface Secrets {
    /** What to hide, and what to call it in the trace. */
    record Hide(boolean commandData, boolean responseData, String what) {
        public static final Hide NOTHING = new Hide(false, false, "");
    }

    Hide of(byte[] command);

    /** ISO 7816-4 PIN commands (VERIFY, CHANGE REFERENCE DATA, ENABLE/DISABLE VERIFICATION, RESET RETRY COUNTER). */
    Secrets PINS = c -> Redaction.carriesPin(c) ? new Hide(true, false, "PIN") : Hide.NOTHING;

    /** This policy, then {@code more} for what this one leaves visible. */
    default Secrets and(Secrets more) {
        return c -> {
            Hide h = of(c);
            return h.commandData() || h.responseData() ? h : more.of(c);
        };
    }
}
