package org.secfunet.pcsc;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The 8-byte PIN fields of VERIFY, CHANGE and UNBLOCK commands (the PIN's characters, padded with
 * FF), and their concatenation; every intermediate array holding a secret is wiped.
 */
public final class PinFields {
    public static final int LENGTH = 8;

    private PinFields() {
    }

    /**
     * {@code pin} in a field, when it has {@code min} to 8 characters all {@code allowed}; otherwise
     * a {@link PinFormatException} with {@code lengthRule} or {@code charRule}.
     */
    public static byte[] padded(char[] pin, int min, IntPredicate allowed, String lengthRule, String charRule) {
        if (pin.length < min || pin.length > LENGTH) {
            throw new PinFormatException(lengthRule);
        }
        byte[] f = new byte[LENGTH];
        Arrays.fill(f, (byte) 0xFF);
        for (int i = 0; i < pin.length; i++) {
            if (!allowed.test(pin[i])) {
                Arrays.fill(f, (byte) 0);
                throw new PinFormatException(charRule);
            }
            f[i] = (byte) pin[i];
        }
        return f;
    }

    /**
     * {@code first ‖ second}, each built by its supplier (which may refuse a bad PIN); every field
     * built is wiped, also when the second is refused.
     */
    public static byte[] join(Supplier<byte[]> first, Supplier<byte[]> second) {
        byte[] a = first.get();
        byte[] b = null;
        try {
            b = second.get();
            byte[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        } finally {
            Arrays.fill(a, (byte) 0);
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }
}
