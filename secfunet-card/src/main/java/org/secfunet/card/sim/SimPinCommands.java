package org.secfunet.card.sim;

import java.util.Arrays;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.card.store.PinHash;

/**
 * PIN1 and PUK1 of the software UICC: VERIFY (20), CHANGE (24), DISABLE (26), ENABLE (28) and
 * UNBLOCK (2C), in the USIM form (TS 102 221, CLA 00, PIN1 is key reference 01) and the GSM form
 * (GSM 11.11, CLA A0: CHV1). Every try is counted on disk before the secret is compared, so
 * pulling the card mid-command cannot give a free try. Session state: whether PIN1 was verified.
 */
final class SimPinCommands {
    /** 8-byte PIN fields, ASCII digits padded with FF. */
    static final int FIELD = 8;

    private final SimCardStore store;
    private boolean verified;

    SimPinCommands(SimCardStore store) {
        this.store = store;
    }

    void reset() {
        verified = false;
    }

    /** True when the PIN was verified in this session or is disabled. */
    boolean satisfied() {
        return verified || !store.image().pinEnabled;
    }

    ResponseApdu process(CommandApdu c, boolean gsm) {
        int keyRef = gsm && c.ins() == 0x2C ? 0x00 : 0x01; // GSM 11.11 UNBLOCK CHV names CHV1 with P2 00
        if (c.p1() != 0x00 || c.p2() != keyRef) {
            return sw(gsm, 0x6B00, 0x6A86);
        }
        return switch (c.ins()) {
            case 0x20 -> verify(c, gsm);
            case 0x24 -> change(c, gsm);
            case 0x26 -> setEnabled(c, gsm, false);
            case 0x28 -> setEnabled(c, gsm, true);
            default -> unblock(c, gsm);
        };
    }

    private ResponseApdu verify(CommandApdu c, boolean gsm) {
        SimImage img = store.image();
        if (c.nc() == 0) { // status: tries left, or 9000 when nothing is to be verified
            if (img.pinTriesLeft == 0) {
                return blocked(gsm);
            }
            return verified || !img.pinEnabled ? ResponseApdu.of(0x9000) : wrong(gsm, img.pinTriesLeft);
        }
        if (c.nc() != FIELD) {
            return ResponseApdu.of(0x6700);
        }
        return checkPin(c.data(), gsm);
    }

    private ResponseApdu change(CommandApdu c, boolean gsm) {
        if (c.nc() != 2 * FIELD) {
            return ResponseApdu.of(0x6700);
        }
        byte[] next = digits(Arrays.copyOfRange(c.data(), FIELD, 2 * FIELD));
        if (next == null) {
            return sw(gsm, 0x6B00, 0x6A80);
        }
        if (!store.image().pinEnabled) {
            return sw(gsm, 0x9808, 0x6985); // a disabled PIN cannot be changed
        }
        ResponseApdu r = checkPin(Arrays.copyOfRange(c.data(), 0, FIELD), gsm);
        if (r.isOk()) {
            SimImage img = store.image();
            setPin(img, next);
            store.update(img);
        }
        Arrays.fill(next, (byte) 0);
        return r;
    }

    private ResponseApdu setEnabled(CommandApdu c, boolean gsm, boolean enable) {
        if (c.nc() != FIELD) {
            return ResponseApdu.of(0x6700);
        }
        if (store.image().pinEnabled == enable) {
            return sw(gsm, 0x9808, 0x6985);
        }
        ResponseApdu r = checkPin(c.data(), gsm);
        if (r.isOk()) {
            SimImage img = store.image();
            img.pinEnabled = enable;
            store.update(img);
        }
        return r;
    }

    /** UNBLOCK: PUK ‖ new PIN; with no data, the PUK tries left. Success sets and enables the new PIN and verifies it. */
    private ResponseApdu unblock(CommandApdu c, boolean gsm) {
        SimImage img = store.image();
        if (!img.hasPuk() || img.pukTriesLeft == 0) {
            return blocked(gsm);
        }
        if (c.nc() == 0) {
            return wrong(gsm, img.pukTriesLeft);
        }
        if (c.nc() != 2 * FIELD) {
            return ResponseApdu.of(0x6700);
        }
        byte[] next = digits(Arrays.copyOfRange(c.data(), FIELD, 2 * FIELD));
        if (next == null) {
            return sw(gsm, 0x6B00, 0x6A80);
        }
        SimImage counted = img.copy();
        counted.pukTriesLeft = img.pukTriesLeft - 1;
        store.update(counted);
        byte[] puk = unpad(Arrays.copyOfRange(c.data(), 0, FIELD));
        boolean ok = store.pukMatches(puk);
        Arrays.fill(puk, (byte) 0);
        if (!ok) {
            Arrays.fill(next, (byte) 0);
            verified = false;
            return counted.pukTriesLeft == 0 ? blocked(gsm) : wrong(gsm, counted.pukTriesLeft);
        }
        SimImage restored = counted.copy();
        restored.pukTriesLeft = img.pukMaxTries;
        restored.pinTriesLeft = img.pinMaxTries;
        restored.pinEnabled = true;
        setPin(restored, next);
        Arrays.fill(next, (byte) 0);
        store.update(restored);
        verified = true;
        return ResponseApdu.of(0x9000);
    }

    /** Decrement-then-check of PIN1 against an 8-byte padded field. */
    private ResponseApdu checkPin(byte[] field, boolean gsm) {
        SimImage img = store.image();
        if (img.pinTriesLeft == 0) {
            return blocked(gsm);
        }
        SimImage counted = img.copy();
        counted.pinTriesLeft = img.pinTriesLeft - 1;
        store.update(counted);
        byte[] pin = unpad(field);
        boolean ok = store.pinMatches(pin);
        Arrays.fill(pin, (byte) 0);
        if (ok) {
            SimImage restored = counted.copy();
            restored.pinTriesLeft = img.pinMaxTries;
            store.update(restored);
            verified = true;
            return ResponseApdu.of(0x9000);
        }
        verified = false;
        return counted.pinTriesLeft == 0 ? blocked(gsm) : wrong(gsm, counted.pinTriesLeft);
    }

    private static void setPin(SimImage img, byte[] pin) {
        PinHash.Stored s = PinHash.store(pin);
        img.pinSalt = s.salt();
        img.pinHash = s.hash();
    }

    /** The digits of a new PIN field (4 to 8 ASCII digits, then FF padding), or null when it is not one. */
    private static byte[] digits(byte[] field) {
        byte[] pin = unpad(field);
        boolean ok = pin.length >= 4 && pin.length <= FIELD;
        for (byte b : pin) {
            ok &= b >= '0' && b <= '9';
        }
        if (!ok) {
            Arrays.fill(pin, (byte) 0);
            return null;
        }
        return pin;
    }

    /** The field without its trailing FF padding; the field is wiped. */
    static byte[] unpad(byte[] field) {
        int n = field.length;
        while (n > 0 && field[n - 1] == (byte) 0xFF) {
            n--;
        }
        byte[] out = Arrays.copyOf(field, n);
        Arrays.fill(field, (byte) 0);
        return out;
    }

    private static ResponseApdu wrong(boolean gsm, int left) {
        return ResponseApdu.of(gsm ? 0x9804 : 0x63C0 | left);
    }

    private static ResponseApdu blocked(boolean gsm) {
        return ResponseApdu.of(gsm ? 0x9840 : 0x6983);
    }

    private static ResponseApdu sw(boolean gsm, int gsmSw, int usimSw) {
        return ResponseApdu.of(gsm ? gsmSw : usimSw);
    }
}
