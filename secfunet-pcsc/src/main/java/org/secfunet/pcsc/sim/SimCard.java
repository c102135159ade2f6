package org.secfunet.pcsc.sim;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.apdu.trace.Secrets;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.part10.PinEntryOutcome;
import org.secfunet.pcsc.part10.PinPad;
import org.secfunet.pcsc.part10.PinPadException;

/**
 * The SDK's GSM SIM / 3GPP USIM wrapper: finds the USIM application through EF_DIR (or falls back
 * to a GSM SIM when the card refuses CLA 00), reads the IMSI and the MNC length, verifies the PIN,
 * and runs RUN GSM ALGORITHM (RAND → SRES, Kc) or UMTS AUTHENTICATE (RAND, AUTN → RES, CK, IK, or
 * AUTS). T=0 answers are collected with GET RESPONSE: 61xx (CLA 00) by the transport layer, 9Fxx
 * (CLA A0, GSM 11.11) here.
 */
public final class SimCard implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    /** The RID and application code of a 3GPP USIM (TS 31.110 / 101 220). */
    static final byte[] USIM_AID_PREFIX = HEX.parseHex("a0000000871002");
    private static final int MAX_DIR_RECORDS = 16;

    public enum Kind { SIM, USIM }

    /** GSM authentication: SRES (4) and Kc (8). */
    public record GsmResult(byte[] sres, byte[] kc) {
    }

    /** UMTS authentication: keys, or the card's re-synchronisation token. */
    public sealed interface UmtsResult permits Success, SyncFailure {
    }

    public record Success(byte[] res, byte[] ck, byte[] ik, byte[] kc) implements UmtsResult {
    }

    /** The card's SQN is ahead of the network's: send AUTS (14 bytes) to the authentication centre. */
    public record SyncFailure(byte[] auts) implements UmtsResult {
    }

    private final CardSession session;
    private final Tracer tracer;
    private final Transport transport;
    private PinPad pinPad;
    private final Kind kind;
    private final byte[] aid;

    public SimCard(CardSession session, Tracer tracer) {
        this.session = session;
        this.tracer = tracer;
        // PINs and keys are secrets in the trace; 9Fxx is a SIM's GET RESPONSE, handled here (the EAP card's FETCH is not)
        this.transport = TransportStack.builder().fetch(false).maxNe(session.maxNe()).trace(tracer, session.readerName())
                .secrets(Secrets.PINS.and(c -> c.length > 1 && (c[1] & 0xFF) == 0x88
                        ? new Secrets.Hide(false, true, "authentication result (keys)") : Secrets.Hide.NOTHING))
                .build(session.transport());
        ResponseApdu mf = transport.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x04, HEX.parseHex("3f00"), 256));
        if (mf.sw() == 0x6E00 || mf.sw() == 0x6D00 || mf.sw1() == 0x68) {
            this.kind = Kind.SIM;
            this.aid = null;
            selectSim(0x3F00);
        } else {
            ok("SELECT MF", mf);
            this.kind = Kind.USIM;
            this.aid = findUsim();
            ok("SELECT USIM application", transport.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x04, aid, 256)));
        }
    }

    /** The reader's display name (for messages). */
    public String readerName() {
        return session.readerName();
    }

    public Kind kind() {
        return kind;
    }

    /** The USIM application's AID (null for a SIM). */
    public byte[] aid() {
        return aid == null ? null : aid.clone();
    }

    private byte[] findUsim() {
        ok("SELECT EF_DIR", transport.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x04, HEX.parseHex("2f00"), 256)));
        for (int rec = 1; rec <= MAX_DIR_RECORDS; rec++) {
            ResponseApdu r = transport.transmit(CommandApdu.of(0x00, 0xB2, rec, 0x04, 256));
            if (r.sw() == 0x6A83 || r.sw() == 0x6A82) {
                break;
            }
            byte[] d = ok("READ RECORD EF_DIR", r);
            // 61 len { 4F len AID ... }
            for (int i = 0; i + 1 < d.length; i++) {
                if ((d[i] & 0xFF) == 0x4F) {
                    int len = d[i + 1] & 0xFF;
                    if (i + 2 + len <= d.length && len >= USIM_AID_PREFIX.length
                            && Arrays.equals(Arrays.copyOfRange(d, i + 2, i + 2 + USIM_AID_PREFIX.length), USIM_AID_PREFIX)) {
                        return Arrays.copyOfRange(d, i + 2, i + 2 + len);
                    }
                }
            }
        }
        throw new SimException("no USIM application in EF_DIR", 0x6A82);
    }

    private byte[] selectSim(int fid) {
        return ok("SELECT " + String.format("%04X", fid), sim(CommandApdu.of(0xA0, 0xA4, 0x00, 0x00, new byte[] {(byte) (fid >> 8), (byte) fid})));
    }

    /** A SIM (CLA A0) command, with the GSM 11.11 GET RESPONSE after 9Fxx. */
    private ResponseApdu sim(CommandApdu c) {
        ResponseApdu r = transport.transmit(c);
        if (r.sw1() == 0x9F) {
            r = transport.transmit(CommandApdu.of(0xA0, 0xC0, 0x00, 0x00, r.sw2() == 0 ? 256 : r.sw2()));
        }
        return r;
    }

    private byte[] readTransparent(int fid, int length) {
        if (kind == Kind.SIM) {
            selectSim(0x7F20);
            selectSim(fid);
            return ok("READ BINARY " + String.format("%04X", fid), sim(CommandApdu.of(0xA0, 0xB0, 0x00, 0x00, length)));
        }
        ok("SELECT " + String.format("%04X", fid),
                transport.transmit(CommandApdu.of(0x00, 0xA4, 0x00, 0x04, new byte[] {(byte) (fid >> 8), (byte) fid}, 256)));
        return ok("READ BINARY " + String.format("%04X", fid), transport.transmit(CommandApdu.of(0x00, 0xB0, 0x00, 0x00, length)));
    }

    /** The IMSI (EF_IMSI, BCD after a length byte; the first nibble is the parity/type). */
    public String imsi() {
        byte[] b = readTransparent(0x6F07, 9);
        int len = b.length == 0 ? 0 : b[0] & 0xFF; // an empty EF_IMSI is a bad length too
        if (len < 1 || len > 8 || b.length < 1 + len) {
            throw new SimException("EF_IMSI holds a bad length " + len, 0x9000);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= len; i++) {
            int lo = b[i] & 0x0F;
            int hi = (b[i] >> 4) & 0x0F;
            if (i > 1 && lo <= 9) {
                sb.append(lo);
            }
            if (hi <= 9) {
                sb.append(hi);
            }
        }
        return sb.toString();
    }

    /** The MNC length from EF_AD (byte 4), 2 or 3; 2 when the card does not say. */
    public int mncLength() {
        byte[] ad = readTransparent(0x6FAD, 4);
        if (ad.length >= 4) {
            int n = ad[3] & 0x0F;
            if (n == 2 || n == 3) {
                return n;
            }
        }
        return 2;
    }

    /**
     * Tries left for the PIN, or -1 when the card does not say (or nothing is to be verified): a USIM
     * answers VERIFY with no data; a SIM tells in its DF_GSM status (GSM 11.11 §9.2.1, byte 19: the
     * secret code is initialised when bit 8 is set, the tries are bits 1-4).
     */
    public int pinTriesLeft() {
        if (kind == Kind.SIM) {
            byte[] df = selectSim(0x7F20);
            if (df.length < 19 || (df[13] & 0x80) != 0 || (df[18] & 0x80) == 0) {
                return -1; // no status, CHV1 disabled, or not initialised
            }
            return df[18] & 0x0F;
        }
        ResponseApdu r = transport.transmit(CommandApdu.of(0x00, 0x20, 0x00, 0x01));
        if (r.sw1() == 0x63 && (r.sw2() & 0xF0) == 0xC0) {
            return r.sw2() & 0x0F;
        }
        return r.sw() == 0x6983 ? 0 : -1;
    }

    /** VERIFY PIN1; a wrong PIN is a {@link SimException.Pin} with the tries left. */
    public void verifyPin(char[] pin) {
        pinCommand("VERIFY PIN", 0x20, 0x01, "PIN", field(pin, 4, "a SIM PIN has 4 to 8 digits"));
    }

    /**
     * Whether this card's reader has a pinpad for PIN1 (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT),
     * asked once per driver.
     */
    public boolean hasPinPad() {
        return pinPad().canVerify();
    }

    /**
     * Whether this card's reader can take a PIN change on its pinpad (FEATURE_MODIFY_PIN_DIRECT, what
     * {@link #changePinOnPinPad()} and {@link #unblockPinOnPinPad()} need): a reader may report VERIFY but not MODIFY.
     */
    public boolean hasPinPadForChange() {
        return pinPad().canModify();
    }

    /**
     * VERIFY PIN1 typed on the reader's pinpad ({@link SimPinPad#verifyPin}): no PIN byte passes the
     * host. Wrong or blocked is the {@link SimException.Pin} {@link #verifyPin} throws; no pinpad, a
     * timeout or a cancel is a {@link PinPadException}.
     */
    public void verifyPinOnPinPad() {
        onPinPad("VERIFY PIN", "PIN", p -> p.verify(SimPinPad.verifyPin(kind)));
    }

    /** CHANGE PIN1 on the pinpad: the current PIN, then the new one twice; errors as {@link #verifyPinOnPinPad()}. */
    public void changePinOnPinPad() {
        onPinPad("CHANGE PIN", "PIN", p -> p.modify(SimPinPad.changePin(kind)));
    }

    /** ENABLE or DISABLE PIN1 proven with the PIN typed on the pinpad (VERIFY_PIN_DIRECT, as {@link #hasPinPad()}); errors as {@link #verifyPinOnPinPad()}. */
    public void setPinEnabledOnPinPad(boolean enabled) {
        onPinPad(enabled ? "ENABLE PIN" : "DISABLE PIN", "PIN", p -> p.verify(SimPinPad.setPinEnabled(kind, enabled)));
    }

    /** UNBLOCK PIN1 on the pinpad: the PUK, then the new PIN twice; a wrong PUK is a {@link SimException.Pin} with the PUK tries left. */
    public void unblockPinOnPinPad() {
        onPinPad("UNBLOCK PIN", "PUK", p -> p.modify(SimPinPad.unblockPin(kind)));
    }

    private PinPad pinPad() {
        if (pinPad == null) {
            pinPad = session.pinPad();
        }
        return pinPad;
    }

    private void onPinPad(String what, String secret, Function<PinPad, PinEntryOutcome> entry) {
        String source = session.readerName();
        tracer.event(source, what + " on the reader's pinpad (typed on the reader; no PIN from the host)");
        PinEntryOutcome o = entry.apply(pinPad());
        tracer.event(source, what + " on the pinpad: SW " + String.format("%04X", o.sw()));
        switch (o) {
            case PinEntryOutcome.Verified v -> {
            }
            case PinEntryOutcome.WrongPin w -> throw new SimException.Pin(what + " on the pinpad: wrong " + secret
                    + (w.triesLeft() < 0 ? "" : ", " + w.triesLeft() + " tries left"), w.sw(), w.triesLeft());
            case PinEntryOutcome.Blocked b -> throw new SimException.Pin(what + " on the pinpad: the " + secret + " is blocked"
                    + ("PIN".equals(secret) ? " (unblock it with the PUK)" : ""), b.sw(), 0);
            default -> throw new PinPadException(what + " on the pinpad of '" + source + "'", o);
        }
    }

    /** CHANGE PIN1 from {@code oldPin} to {@code newPin} (the old PIN's try counter applies). */
    public void changePin(char[] oldPin, char[] newPin) {
        pinCommand("CHANGE PIN", 0x24, 0x01, "PIN", org.secfunet.pcsc.PinFields.join(() -> field(oldPin, 4, "a SIM PIN has 4 to 8 digits"),
                () -> field(newPin, 4, "the new PIN must have 4 to 8 digits")));
    }

    /** ENABLE or DISABLE PIN1 (whether authentication and EF_IMSI need it), proven with the PIN. */
    public void setPinEnabled(char[] pin, boolean enabled) {
        pinCommand(enabled ? "ENABLE PIN" : "DISABLE PIN", enabled ? 0x28 : 0x26, 0x01, "PIN", field(pin, 4, "a SIM PIN has 4 to 8 digits"));
    }

    /** UNBLOCK PIN1 with PUK1, setting {@code newPin}; a wrong PUK is a {@link SimException.Pin} with the PUK tries left. */
    public void unblockPin(char[] puk, char[] newPin) {
        if (puk.length != 8) {
            throw new org.secfunet.pcsc.PinFormatException("a PUK has 8 digits");
        }
        pinCommand("UNBLOCK PIN", 0x2C, kind == Kind.SIM ? 0x00 : 0x01, "PUK", org.secfunet.pcsc.PinFields.join(() -> field(puk, 8, "a PUK has 8 digits"),
                () -> field(newPin, 4, "the new PIN must have 4 to 8 digits")));
    }

    /** PUK tries left (UNBLOCK PIN with no data), 0 when blocked or absent, -1 when the card does not say. */
    public int pukTriesLeft() {
        if (kind == Kind.SIM) {
            return -1;
        }
        ResponseApdu r = transport.transmit(CommandApdu.of(0x00, 0x2C, 0x00, 0x01));
        if (r.sw1() == 0x63 && (r.sw2() & 0xF0) == 0xC0) {
            return r.sw2() & 0x0F;
        }
        return r.sw() == 0x6983 ? 0 : -1;
    }

    private void pinCommand(String what, int ins, int p2, String secret, byte[] data) {
        try {
            ResponseApdu r = kind == Kind.SIM ? sim(CommandApdu.of(0xA0, ins, 0x00, p2, data))
                    : transport.transmit(CommandApdu.of(0x00, ins, 0x00, p2, data));
            if (r.sw1() == 0x63 && (r.sw2() & 0xF0) == 0xC0) {
                throw new SimException.Pin(what + ": wrong " + secret + ", " + (r.sw2() & 0x0F) + " tries left", r.sw(), r.sw2() & 0x0F);
            }
            if (r.sw() == 0x6983 || r.sw() == 0x9840) {
                throw new SimException.Pin(what + ": the " + secret + " is blocked" + ("PIN".equals(secret) ? " (unblock it with the PUK)" : ""),
                        r.sw(), 0);
            }
            if (r.sw() == 0x9804) {
                throw new SimException.Pin(what + ": wrong " + secret, r.sw(), -1);
            }
            ok(what, r);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** An 8-byte PIN field: the digits, padded with FF. */
    private static byte[] field(char[] digits, int min, String rule) {
        return org.secfunet.pcsc.PinFields.padded(digits, min, c -> c >= '0' && c <= '9', rule, rule);
    }

    /** RUN GSM ALGORITHM (SIM) or the USIM's GSM-context AUTHENTICATE. */
    public GsmResult gsmAuth(byte[] rand) {
        check(rand, "RAND");
        if (kind == Kind.SIM) {
            byte[] d = ok("RUN GSM ALGORITHM", sim(CommandApdu.of(0xA0, 0x88, 0x00, 0x00, rand)));
            if (d.length < 12) {
                throw new SimException("RUN GSM ALGORITHM answered " + d.length + " bytes, not 12", 0x9000);
            }
            return new GsmResult(Arrays.copyOfRange(d, 0, 4), Arrays.copyOfRange(d, 4, 12));
        }
        byte[] data = new byte[17];
        data[0] = 16;
        System.arraycopy(rand, 0, data, 1, 16);
        byte[] d = ok("AUTHENTICATE (GSM context)", transport.transmit(CommandApdu.of(0x00, 0x88, 0x00, 0x80, data, 256)));
        if (d.length < 14 || d[0] != 4 || d[5] != 8) {
            throw new SimException("the GSM-context AUTHENTICATE answer is malformed", 0x9000);
        }
        return new GsmResult(Arrays.copyOfRange(d, 1, 5), Arrays.copyOfRange(d, 6, 14));
    }

    /** UMTS AUTHENTICATE (3G context). A MAC failure (the network is not genuine, or a wrong K) is a {@link SimException}. */
    public UmtsResult umtsAuth(byte[] rand, byte[] autn) {
        if (kind != Kind.USIM) {
            throw new SimException("UMTS authentication needs a USIM; this is a GSM SIM", 0x6D00);
        }
        check(rand, "RAND");
        check(autn, "AUTN");
        byte[] data = new byte[34];
        data[0] = 16;
        System.arraycopy(rand, 0, data, 1, 16);
        data[17] = 16;
        System.arraycopy(autn, 0, data, 18, 16);
        ResponseApdu r = transport.transmit(CommandApdu.of(0x00, 0x88, 0x00, 0x81, data, 256));
        if (r.sw() == 0x9862) {
            throw new SimException("AUTHENTICATE: MAC failure (AUTN not made with this card's K)", r.sw());
        }
        byte[] d = ok("AUTHENTICATE (3G context)", r);
        if (d.length >= 16 && (d[0] & 0xFF) == 0xDC && d[1] == 14) {
            return new SyncFailure(Arrays.copyOfRange(d, 2, 16));
        }
        if (d.length < 1 || (d[0] & 0xFF) != 0xDB) {
            throw new SimException("the AUTHENTICATE answer starts with neither DB nor DC", r.sw());
        }
        int i = 1;
        byte[][] parts = new byte[4][];
        for (int p = 0; p < 4 && i < d.length; p++) {
            int len = d[i] & 0xFF;
            if (i + 1 + len > d.length) {
                throw new SimException("the AUTHENTICATE answer is truncated", r.sw());
            }
            parts[p] = Arrays.copyOfRange(d, i + 1, i + 1 + len);
            i += 1 + len;
        }
        if (parts[2] == null) {
            throw new SimException("the AUTHENTICATE answer lacks RES, CK or IK", r.sw());
        }
        return new Success(parts[0], parts[1], parts[2], parts[3]);
    }

    private static void check(byte[] b, String what) {
        if (b == null || b.length != 16) {
            throw new IllegalArgumentException(what + " must be 16 bytes");
        }
    }

    private static byte[] ok(String what, ResponseApdu r) {
        if (!r.isOk()) {
            throw new SimException(what + " failed: " + meaning(r.sw()), r.sw());
        }
        return r.data();
    }

    static String meaning(int sw) {
        return switch (sw) {
            case 0x6982 -> "security status not satisfied (verify the PIN first)";
            case 0x6983 -> "the PIN is blocked";
            case 0x6985, 0x9808 -> "not possible in the PIN's current state (already enabled or disabled?)";
            case 0x6A80 -> "incorrect data (the new PIN must be 4 to 8 digits)";
            case 0x6A82 -> "file or application not found";
            case 0x6A83 -> "record not found";
            case 0x9862 -> "authentication error (MAC failure)";
            case 0x6E00 -> "class not supported";
            case 0x6D00 -> "instruction not supported";
            default -> "refused";
        };
    }

    @Override
    public void close() {
        session.close();
    }
}
