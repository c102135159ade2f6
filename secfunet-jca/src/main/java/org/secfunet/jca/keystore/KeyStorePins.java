package org.secfunet.jca.keystore;

import java.security.UnrecoverableKeyException;
import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.card.PinSource;
import org.secfunet.jca.card.PinSources;

/**
 * The PIN sources of one loaded key store: the one given to {@code load} (or the provider's
 * {@code pin=} setting), and the last password given to {@code getKey} when it differs, so that a
 * caller asking for every key with the same password (SunJSSE's key managers do) verifies the PIN
 * once, not once per key.
 */
final class KeyStorePins {
    private final CardBank bank;
    private final PinSource loaded;
    private PinSource lastPassword;
    private char[] lastPasswordValue;

    /** {@code password}: the PIN given to load, or null when {@code loaded} is a callback's or the settings' source. */
    KeyStorePins(CardBank bank, PinSource loaded, char[] password) {
        this.bank = bank;
        this.loaded = loaded;
        if (password != null) {
            this.lastPassword = loaded;
            this.lastPasswordValue = password.clone();
        }
    }

    /** The source of the load (or the provider's pin= setting, or {@link PinSource#NONE}). */
    PinSource loaded() {
        return loaded;
    }

    /**
     * The source for a key asked for with {@code password}: the load's when there is none or it is
     * the same; else a new one, verified at once on a card holding {@code id}.
     *
     * @throws UnrecoverableKeyException the password is a wrong or blocked PIN (the message says so, with the tries left)
     */
    synchronized PinSource forKey(char[] password, CardIdentity id) throws UnrecoverableKeyException {
        if (password == null || password.length == 0) {
            return loaded;
        }
        if (lastPassword != null && same(lastPasswordValue, password)) {
            return lastPassword;
        }
        PinSource fresh = PinSources.of(password);
        try {
            bank.withCardAmong(id.readers(), fresh, card -> Boolean.TRUE);
        } catch (CardProblem e) {
            if (e.reason() == CardProblem.Reason.WRONG_PIN || e.reason() == CardProblem.Reason.PIN_BLOCKED) {
                UnrecoverableKeyException u = new UnrecoverableKeyException(e.getMessage());
                u.initCause(e);
                throw u;
            }
            // the card is absent or busy now: the PIN is verified when the key is used
        }
        if (lastPasswordValue != null) {
            java.util.Arrays.fill(lastPasswordValue, '\0');
        }
        lastPassword = fresh;
        lastPasswordValue = password.clone();
        return fresh;
    }

    /** Whether two passwords are equal (compared in constant time for equal lengths). */
    private static boolean same(char[] a, char[] b) {
        int diff = a.length ^ b.length;
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            diff |= (i < a.length ? a[i] : 0) ^ (i < b.length ? b[i] : 0);
        }
        return diff == 0;
    }
}
