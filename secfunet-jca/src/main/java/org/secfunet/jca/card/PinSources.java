package org.secfunet.jca.card;

import java.io.IOException;
import java.util.Arrays;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.secfunet.service.SecretSpec;

/** The PIN sources the provider's services use. */
public final class PinSources {
    private PinSources() {
    }

    /** A PIN the application gave (a key store password): kept, as a copy, until it proves wrong. */
    public static PinSource of(char[] pin) {
        if (pin == null || pin.length == 0) {
            return PinSource.NONE;
        }
        char[] kept = SecretSpec.checked(pin.clone(), "the key store password");
        return new PinSource() {
            private char[] value = kept;

            @Override
            public synchronized char[] pin(String reader) {
                return value == null ? null : value.clone();
            }

            @Override
            public synchronized void rejected() {
                if (value != null) {
                    Arrays.fill(value, '\0');
                    value = null;
                }
            }
        };
    }

    /** The provider's {@code pin=} setting, read when asked; once rejected, never read again. */
    public static PinSource of(SecretSpec spec) {
        return new PinSource() {
            private volatile boolean rejected;

            @Override
            public char[] pin(String reader) {
                if (rejected) {
                    return null;
                }
                try {
                    return spec.read();
                } catch (IllegalStateException e) {
                    throw new CardProblem(CardProblem.Reason.NO_PIN, "cannot read the PIN from the provider's pin= setting: " + e.getMessage());
                }
            }

            @Override
            public void rejected() {
                rejected = true;
            }
        };
    }

    /**
     * A source with no PIN of its own, unlike {@link PinSource#NONE} one that asks for verification:
     * under {@code pin=pinpad} or {@code pin=auto} the card bank has the PIN typed on the reader's
     * pinpad (a reader without one then has no PIN). Each call is a new source (its own verification).
     */
    public static PinSource pinPadOnly() {
        return new PinSource() {
            @Override
            public char[] pin(String reader) {
                return null;
            }
        };
    }

    /**
     * A {@link PasswordCallback} per request; under {@link PinPolicy#CACHE} asked once (until the PIN
     * proves wrong), under {@link PinPolicy#PER_OPERATION} every time.
     */
    public static PinSource of(CallbackHandler handler, PinPolicy policy) {
        return new PinSource() {
            private char[] cached;

            @Override
            public synchronized char[] pin(String reader) {
                if (cached != null) {
                    return cached.clone();
                }
                PasswordCallback cb = new PasswordCallback("PIN of the card in reader " + reader + ": ", false);
                try {
                    handler.handle(new Callback[] {cb});
                } catch (IOException | UnsupportedCallbackException e) {
                    throw new CardProblem(CardProblem.Reason.NO_PIN, "the callback handler gave no PIN for the card in reader " + reader + ": " + e.getMessage(), -1, e);
                }
                char[] pin = cb.getPassword();
                cb.clearPassword();
                if (pin == null || pin.length == 0) {
                    return null;
                }
                SecretSpec.checked(pin, "the callback handler");
                if (policy == PinPolicy.CACHE) {
                    cached = pin.clone();
                }
                return pin;
            }

            @Override
            public synchronized void rejected() {
                if (cached != null) {
                    Arrays.fill(cached, '\0');
                    cached = null;
                }
            }
        };
    }

    /**
     * The first source that has a PIN: the application's, then the provider's {@code pin=} setting.
     * With {@code pin=pinpad} or {@code pin=auto} and no PIN from the application, a source with no
     * PIN of its own ({@link #pinPadOnly()}): the card bank has it typed on the reader's pinpad.
     */
    public static PinSource orSettings(PinSource first, JcaSettings settings) {
        if (settings.pin() == null) {
            return first == PinSource.NONE && settings.pinPad() != PinPadChoice.NEVER ? pinPadOnly() : first;
        }
        if (first == PinSource.NONE) {
            return of(settings.pin());
        }
        PinSource second = of(settings.pin());
        return new PinSource() {
            @Override
            public char[] pin(String reader) {
                char[] p = first.pin(reader);
                return p != null ? p : second.pin(reader);
            }

            @Override
            public void rejected() {
                first.rejected();
                second.rejected();
            }
        };
    }
}
