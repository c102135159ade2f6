package org.secfunet.card.pin;

import java.util.Arrays;

/**
 * How a card carries PINs in command data: each in a field of {@code width} bytes right-padded
 * with FF (as TS 102 221 and GSM 11.11 pad PIN1/CHV1), a PIN presented for
 * checking of {@code minGiven}..{@code maxGiven} bytes (FF padding stripped), a new PIN (CHANGE,
 * UNBLOCK) of at least {@code minNew} bytes in a full field, only ASCII digits when {@code digitsOnly}.
 */
public record PinField(int width, int minGiven, int maxGiven, int minNew, boolean digitsOnly) {
    /** The padding byte after the PIN in its field. */
    public static final byte PAD = (byte) 0xFF;

    /** Whether {@code length} bytes of command data are a PIN presented for checking. */
    boolean fitsGiven(int length) {
        return length >= minGiven && length <= maxGiven;
    }

    /** {@code data} without its trailing padding; {@code data} is wiped. */
    static byte[] strip(byte[] data) {
        int n = data.length;
        while (n > 0 && data[n - 1] == PAD) {
            n--;
        }
        byte[] pin = Arrays.copyOf(data, n);
        Arrays.fill(data, (byte) 0);
        return pin;
    }

    /** The new PIN of a field, or null when this card does not accept it as one. */
    byte[] newPin(byte[] field) {
        byte[] pin = strip(field);
        boolean ok = pin.length >= minNew && pin.length <= width;
        for (byte b : pin) {
            ok &= !digitsOnly || (b >= '0' && b <= '9');
        }
        if (!ok) {
            Arrays.fill(pin, (byte) 0);
            return null;
        }
        return pin;
    }
}
