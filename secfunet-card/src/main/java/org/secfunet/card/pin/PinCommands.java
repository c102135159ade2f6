package org.secfunet.card.pin;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.store.PinCounter;
import org.secfunet.card.store.PinImage;
import org.secfunet.card.store.SealedStore;

/**
 * The PIN commands of every software card, on the PINs of its store's image, shaped by the card's
 * {@link PinRules}. Every check counts the try on disk before the PIN is compared and gives it
 * back on success, so pulling the card mid-command never gives a free try; a successful command's
 * change (new PIN, enabled state) is written with the restored counter in one atomic update.
 * Session state: which PINs were verified since the last reset.
 */
public final class PinCommands<I extends PinImage> {
    /** VERIFY (ISO 7816-4 §11.5.6). */
    public static final int VERIFY = 0x20;
    /** CHANGE REFERENCE DATA (ISO 7816-4 §11.5.7). */
    public static final int CHANGE = 0x24;
    /** DISABLE VERIFICATION REQUIREMENT (ISO 7816-4 §11.5.9). */
    public static final int DISABLE = 0x26;
    /** ENABLE VERIFICATION REQUIREMENT (ISO 7816-4 §11.5.8). */
    public static final int ENABLE = 0x28;
    /** RESET RETRY COUNTER (ISO 7816-4 §11.5.10), UNBLOCK PIN/CHV of TS 102 221 and GSM 11.11. */
    public static final int UNBLOCK = 0x2C;

    private final SealedStore<I> store;
    private final EnumSet<PinRef> verified = EnumSet.noneOf(PinRef.class);

    public PinCommands(SealedStore<I> store) {
        this.store = store;
    }

    /** Power cycle or SELECT: every verification is forgotten. */
    public void reset() {
        verified.clear();
    }

    /** Whether {@code ref} was verified in this session or its verification is disabled. */
    public boolean satisfied(PinRef ref) {
        PinCounter p = ref.of(store.image());
        return verified.contains(ref) || (p != null && !p.isEnabled());
    }

    /** The answer of VERIFY without data: blocked, 9000 when satisfied, else the tries left. */
    public ResponseApdu status(PinRules r, PinRef ref) {
        PinCounter p = ref.of(store.image());
        if (p == null || !p.isSet() || p.isBlocked()) {
            return ResponseApdu.of(r.sw().blocked());
        }
        return satisfied(ref) ? ResponseApdu.of(StatusWord.OK) : ResponseApdu.of(r.sw().wrongWith(p.triesLeft));
    }

    /** One of the five PIN commands (by INS), for the PIN its P1/P2 name. */
    public ResponseApdu process(PinRules r, CommandApdu c) {
        PinRef ref = r.reference().apply(c);
        if (ref == null) {
            return ResponseApdu.of(r.sw().badReference());
        }
        return switch (c.ins()) {
            case VERIFY -> verify(r, ref, c);
            case CHANGE -> change(r, ref, c);
            case DISABLE -> setEnabled(r, ref, c, false);
            case ENABLE -> setEnabled(r, ref, c, true);
            case UNBLOCK -> unblock(r, ref, c);
            default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    private ResponseApdu verify(PinRules r, PinRef ref, CommandApdu c) {
        if (c.nc() == 0) {
            return status(r, ref);
        }
        if (!r.field().fitsGiven(c.nc())) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        return check(r, ref, c.data(), img -> { });
    }

    /** Current PIN (field) ‖ new PIN (field). */
    private ResponseApdu change(PinRules r, PinRef ref, CommandApdu c) {
        boolean refused = r.uicc() && !ref.of(store.image()).isEnabled(); // a disabled PIN cannot be changed
        return withNewPin(r, c, ref, refused, fresh -> img -> ref.of(img).set(fresh.clone()));
    }

    private ResponseApdu setEnabled(PinRules r, PinRef ref, CommandApdu c, boolean enable) {
        if (!r.field().fitsGiven(c.nc())) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (r.uicc() && ref.of(store.image()).isEnabled() == enable) {
            return ResponseApdu.of(r.sw().notInThisState());
        }
        return check(r, ref, c.data(), img -> ref.of(img).enabled = enable);
    }

    /** PUK (field) ‖ new PIN (field): sets {@code ref} to the new PIN with all its tries. */
    private ResponseApdu unblock(PinRules r, PinRef ref, CommandApdu c) {
        if (r.uicc()) {
            PinCounter puk = PinRef.PUK.of(store.image());
            if (puk == null || !puk.isSet() || puk.isBlocked()) {
                return ResponseApdu.of(r.sw().blocked());
            }
            if (c.nc() == 0) {
                return ResponseApdu.of(r.sw().wrongWith(puk.triesLeft));
            }
        }
        ResponseApdu res = withNewPin(r, c, PinRef.PUK, false, fresh -> img -> {
            PinCounter p = ref.of(img);
            p.set(fresh.clone());
            p.triesLeft = p.maxTries;
            if (r.uicc()) {
                p.enabled = true;
            }
        });
        if (r.uicc() && res.isOk()) {
            verified.add(ref);
        } else if (r.uicc() || res.isOk()) {
            verified.remove(ref);
        }
        return res;
    }

    /**
     * A command of two fields, {@code checked}'s PIN ‖ a new PIN: the length, the new PIN's form,
     * then {@code refused} (notInThisState), then the check, whose success applies {@code change} of the new PIN.
     */
    private ResponseApdu withNewPin(PinRules r, CommandApdu c, PinRef checked, boolean refused, Function<byte[], Consumer<I>> change) {
        int w = r.field().width();
        if (c.nc() != 2 * w) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        byte[] fresh = r.field().newPin(Arrays.copyOfRange(d, w, 2 * w));
        try {
            if (fresh == null) {
                return ResponseApdu.of(r.sw().badNewPin());
            }
            if (refused) {
                return ResponseApdu.of(r.sw().notInThisState());
            }
            return check(r, checked, Arrays.copyOf(d, w), change.apply(fresh));
        } finally {
            if (fresh != null) {
                Arrays.fill(fresh, (byte) 0);
            }
            Arrays.fill(d, (byte) 0);
        }
    }

    /** Decrement on disk, then compare; on success restore the tries and apply {@code onSuccess}, in one write. */
    private ResponseApdu check(PinRules r, PinRef ref, byte[] field, Consumer<I> onSuccess) {
        I img = store.image();
        PinCounter p = ref.of(img);
        if (p == null || !p.isSet() || p.isBlocked()) {
            Arrays.fill(field, (byte) 0);
            return ResponseApdu.of(r.sw().blocked());
        }
        p.triesLeft--;
        store.update(img); // the try is counted on disk before the PIN is compared
        byte[] given = PinField.strip(field);
        boolean ok = p.matches(given);
        Arrays.fill(given, (byte) 0);
        if (!ok) {
            verified.remove(ref);
            return ResponseApdu.of(p.isBlocked() ? r.sw().blocked() : r.sw().wrongWith(p.triesLeft));
        }
        p.triesLeft = p.maxTries;
        onSuccess.accept(img);
        store.update(img);
        verified.add(ref);
        return ResponseApdu.of(StatusWord.OK);
    }
}
