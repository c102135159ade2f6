package org.secfunet.card.eaptls;

import java.util.Arrays;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.store.PinHash;

/**
 * VERIFY, CHANGE, ENABLE/DISABLE and UNBLOCK PIN. P2 00 is the user PIN (3 tries), P2 01 the
 * unblock PIN / PUK (10 tries), which is also the issuer's authentication for personalization.
 * A PIN is 4 to 8 bytes, sent in an 8-byte field right-padded with FF. Every check decrements the
 * try counter on disk first and restores it on success, so a crash never gives a free try.
 */
final class PinCommands {
    static final int FIELD = 8;

    private PinCommands() {
    }

    static ResponseApdu verify(EapTlsApplet a, CommandApdu c) {
        Boolean puk = which(c);
        if (puk == null) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        EapCardImage.Pin p = pin(a, puk);
        if (c.nc() == 0) {
            ResponseApdu status = puk ? a.requirePuk() : a.requireUser();
            return status == null ? ResponseApdu.of(StatusWord.OK) : status;
        }
        if (c.nc() < 4 || c.nc() > FIELD) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        return check(a, puk, c.data(), p);
    }

    static ResponseApdu change(EapTlsApplet a, CommandApdu c) {
        Boolean puk = which(c);
        if (puk == null) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        if (c.nc() != 2 * FIELD) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        byte[] fresh = strip(Arrays.copyOfRange(d, FIELD, 2 * FIELD));
        if (fresh.length < 4) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        ResponseApdu r = check(a, puk, Arrays.copyOf(d, FIELD), pin(a, puk));
        if (!r.isOk()) {
            return r;
        }
        EapCardImage img = a.store().image();
        set(puk ? img.puk : img.userPin, fresh);
        a.store().update(img);
        return ResponseApdu.of(StatusWord.OK);
    }

    /** ENABLE (28) / DISABLE (26) VERIFICATION, with ISO 7816-4's codes; the user PIN is the data. */
    static ResponseApdu setEnabled(EapTlsApplet a, CommandApdu c, boolean enabled) {
        if (c.p2() != 0x00) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        if (c.nc() < 4 || c.nc() > FIELD) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        ResponseApdu r = check(a, false, c.data(), pin(a, false));
        if (!r.isOk()) {
            return r;
        }
        EapCardImage img = a.store().image();
        img.userPin.enabled = enabled;
        a.store().update(img);
        return ResponseApdu.of(StatusWord.OK);
    }

    /** RESET RETRY COUNTER: PUK (8) ‖ new user PIN (8). */
    static ResponseApdu unblock(EapTlsApplet a, CommandApdu c) {
        if (c.nc() != 2 * FIELD) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        byte[] fresh = strip(Arrays.copyOfRange(d, FIELD, 2 * FIELD));
        if (fresh.length < 4) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        ResponseApdu r = check(a, true, Arrays.copyOf(d, FIELD), pin(a, true));
        if (!r.isOk()) {
            return r;
        }
        EapCardImage img = a.store().image();
        set(img.userPin, fresh);
        img.userPin.triesLeft = img.userPin.maxTries;
        a.store().update(img);
        a.verified(false, false);
        return ResponseApdu.of(StatusWord.OK);
    }

    private static ResponseApdu check(EapTlsApplet a, boolean puk, byte[] field, EapCardImage.Pin p) {
        if (p.triesLeft == 0) {
            return ResponseApdu.of(StatusWord.AUTH_METHOD_BLOCKED);
        }
        EapCardImage img = a.store().image();
        EapCardImage.Pin counted = puk ? img.puk : img.userPin;
        counted.triesLeft = p.triesLeft - 1;
        a.store().update(img);
        byte[] given = strip(field);
        boolean ok = EapTlsApplet.pinMatches(p, given);
        Arrays.fill(given, (byte) 0);
        if (!ok) {
            a.verified(puk, false);
            return ResponseApdu.of(counted.triesLeft == 0 ? StatusWord.AUTH_METHOD_BLOCKED : 0x6300 | counted.triesLeft);
        }
        counted.triesLeft = counted.maxTries;
        a.store().update(img);
        a.verified(puk, true);
        return ResponseApdu.of(StatusWord.OK);
    }

    private static Boolean which(CommandApdu c) {
        if (c.p1() != 0x00) {
            return null;
        }
        return switch (c.p2()) {
            case 0x00 -> false;
            case 0x01 -> true;
            default -> null;
        };
    }

    private static EapCardImage.Pin pin(EapTlsApplet a, boolean puk) {
        EapCardImage img = a.store().image();
        return puk ? img.puk : img.userPin;
    }

    static void set(EapCardImage.Pin p, byte[] pin) {
        PinHash.Stored s = PinHash.store(pin);
        p.salt = s.salt();
        p.hash = s.hash();
        Arrays.fill(pin, (byte) 0);
    }

    /** The PIN without its FF padding. */
    static byte[] strip(byte[] field) {
        int n = field.length;
        while (n > 0 && field[n - 1] == (byte) 0xFF) {
            n--;
        }
        return Arrays.copyOf(field, n);
    }

    /** A PIN in its 8-byte field (host side helper too). */
    static byte[] pad(byte[] pin) {
        byte[] f = new byte[FIELD];
        Arrays.fill(f, (byte) 0xFF);
        System.arraycopy(pin, 0, f, 0, Math.min(pin.length, FIELD));
        return f;
    }
}
