package org.secfunet.pcsc.sim;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.apdu.trace.Secrets;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.part10.PinEntryOutcome;
import org.secfunet.pcsc.part10.PinPad;
import org.secfunet.pcsc.part10.PinPadException;
import org.secfunet.pcsc.sim.SimCommands.Auth;
import org.secfunet.pcsc.sim.SimCommands.Files;
import org.secfunet.pcsc.sim.SimCommands.GsmDfStatus;
import org.secfunet.pcsc.sim.SimCommands.Ins;
import org.secfunet.pcsc.sim.SimCommands.Pin;
import org.secfunet.pcsc.sim.SimCommands.Record;
import org.secfunet.pcsc.sim.SimCommands.Select;
import org.secfunet.pcsc.sim.SimCommands.Sw;

/**
 * The SDK's GSM SIM / 3GPP USIM wrapper: finds the USIM application through EF_DIR (or falls back
 * to a GSM SIM when the card refuses CLA 00), reads the IMSI and the MNC length, verifies the PIN,
 * and runs RUN GSM ALGORITHM (RAND → SRES, Kc) or UMTS AUTHENTICATE (RAND, AUTN → RES, CK, IK, or
 * AUTS). T=0 answers are collected with GET RESPONSE: 61xx (CLA 00) by the transport layer, 9Fxx
 * (CLA A0, GSM 11.11) here. Every command, file and status word is {@link SimCommands}'s.
 */
public final class SimCard implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    /** The RID (A0 00 00 00 87, 3GPP) and application code (10 02, USIM) of a USIM's AID (3GPP TS 31.110, ETSI TS 101 220). */
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
                .secrets(Secrets.PINS.and(c -> c.length > 1 && (c[1] & 0xFF) == Ins.AUTHENTICATE
                        ? new Secrets.Hide(false, true, "authentication result (keys)") : Secrets.Hide.NOTHING))
                .build(session.transport());
        ResponseApdu mf = transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.SELECT, Select.P1_BY_FID, Select.P2_FCP, fid(Files.MF), 256));
        if (mf.sw() == StatusWord.CLA_NOT_SUPPORTED || mf.sw() == StatusWord.INS_NOT_SUPPORTED || mf.sw1() == Sw.CLA_FUNCTIONS_NOT_SUPPORTED_SW1) {
            this.kind = Kind.SIM;
            this.aid = null;
            selectSim(Files.MF);
        } else {
            ok("SELECT MF", mf);
            this.kind = Kind.USIM;
            this.aid = findUsim();
            ok("SELECT USIM application", transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.SELECT, Select.P1_BY_NAME, Select.P2_FCP, aid, 256)));
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
        ok("SELECT EF_DIR", transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.SELECT, Select.P1_BY_FID, Select.P2_FCP, fid(Files.EF_DIR), 256)));
        for (int rec = 1; rec <= MAX_DIR_RECORDS; rec++) {
            ResponseApdu r = transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.READ_RECORD, rec, Record.ABSOLUTE, 256));
            if (r.sw() == StatusWord.RECORD_NOT_FOUND || r.sw() == StatusWord.FILE_NOT_FOUND) {
                break;
            }
            byte[] d = ok("READ RECORD EF_DIR", r);
            // 61 len { 4F len AID ... }
            for (int i = 0; i + 1 < d.length; i++) {
                if ((d[i] & 0xFF) == Files.DIR_AID) {
                    int len = d[i + 1] & 0xFF;
                    if (i + 2 + len <= d.length && len >= USIM_AID_PREFIX.length
                            && Arrays.equals(Arrays.copyOfRange(d, i + 2, i + 2 + USIM_AID_PREFIX.length), USIM_AID_PREFIX)) {
                        return Arrays.copyOfRange(d, i + 2, i + 2 + len);
                    }
                }
            }
        }
        throw new SimException("no USIM application in EF_DIR", StatusWord.FILE_NOT_FOUND);
    }

    private byte[] selectSim(int fid) {
        return ok("SELECT " + String.format("%04X", fid), sim(CommandApdu.of(SimCommands.CLA_SIM, Ins.SELECT, Select.P_SIM, Select.P_SIM, fid(fid))));
    }

    /** A SIM (CLA A0) command, with the GSM 11.11 GET RESPONSE after 9Fxx. */
    private ResponseApdu sim(CommandApdu c) {
        ResponseApdu r = transport.transmit(c);
        if (r.sw1() == Sw.SIM_RESPONSE_READY >> 8) {
            r = transport.transmit(CommandApdu.of(SimCommands.CLA_SIM, Ins.GET_RESPONSE, 0x00, 0x00, r.sw2() == 0 ? 256 : r.sw2()));
        }
        return r;
    }

    private byte[] readTransparent(int fid, int length) {
        if (kind == Kind.SIM) {
            selectSim(Files.DF_GSM);
            selectSim(fid);
            return ok("READ BINARY " + String.format("%04X", fid), sim(CommandApdu.of(SimCommands.CLA_SIM, Ins.READ_BINARY, 0x00, 0x00, length)));
        }
        ok("SELECT " + String.format("%04X", fid),
                transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.SELECT, Select.P1_BY_FID, Select.P2_FCP, fid(fid), 256)));
        return ok("READ BINARY " + String.format("%04X", fid), transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.READ_BINARY, 0x00, 0x00, length)));
    }

    /** The IMSI (EF_IMSI, BCD after a length byte; the first nibble is the parity/type). */
    public String imsi() {
        byte[] b = readTransparent(Files.EF_IMSI, Files.EF_IMSI_LENGTH);
        int len = b.length == 0 ? 0 : b[0] & 0xFF; // an empty EF_IMSI is a bad length too
        if (len < 1 || len > 8 || b.length < 1 + len) {
            throw new SimException("EF_IMSI holds a bad length " + len, StatusWord.OK);
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
        byte[] ad = readTransparent(Files.EF_AD, Files.EF_AD_MNC_LENGTH);
        if (ad.length >= Files.EF_AD_MNC_LENGTH) {
            int n = ad[Files.EF_AD_MNC_LENGTH - 1] & 0x0F;
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
            byte[] df = selectSim(Files.DF_GSM);
            if (df.length <= GsmDfStatus.CHV1_STATUS || (df[GsmDfStatus.FILE_CHARACTERISTICS] & GsmDfStatus.CHV1_DISABLED) != 0
                    || (df[GsmDfStatus.CHV1_STATUS] & GsmDfStatus.CODE_INITIALISED) == 0) {
                return -1; // no status, CHV1 disabled, or not initialised
            }
            return df[GsmDfStatus.CHV1_STATUS] & GsmDfStatus.TRIES_LEFT;
        }
        return triesLeft(transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.VERIFY, Pin.P1, Pin.P2_PIN1)));
    }

    /** VERIFY PIN1; a wrong PIN is a {@link SimException.Pin} with the tries left. */
    public void verifyPin(char[] pin) {
        pinCommand("VERIFY PIN", Ins.VERIFY, Pin.P2_PIN1, "PIN", field(pin, Pin.MIN_PIN, "a SIM PIN has 4 to 8 digits"));
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
        pinCommand("CHANGE PIN", Ins.CHANGE, Pin.P2_PIN1, "PIN", org.secfunet.pcsc.PinFields.join(() -> field(oldPin, Pin.MIN_PIN, "a SIM PIN has 4 to 8 digits"),
                () -> field(newPin, Pin.MIN_PIN, "the new PIN must have 4 to 8 digits")));
    }

    /** ENABLE or DISABLE PIN1 (whether authentication and EF_IMSI need it), proven with the PIN. */
    public void setPinEnabled(char[] pin, boolean enabled) {
        pinCommand(enabled ? "ENABLE PIN" : "DISABLE PIN", enabled ? Ins.ENABLE : Ins.DISABLE, Pin.P2_PIN1, "PIN", field(pin, Pin.MIN_PIN, "a SIM PIN has 4 to 8 digits"));
    }

    /** UNBLOCK PIN1 with PUK1, setting {@code newPin}; a wrong PUK is a {@link SimException.Pin} with the PUK tries left. */
    public void unblockPin(char[] puk, char[] newPin) {
        if (puk.length != Pin.PUK_DIGITS) {
            throw new org.secfunet.pcsc.PinFormatException("a PUK has 8 digits");
        }
        pinCommand("UNBLOCK PIN", Ins.UNBLOCK, kind == Kind.SIM ? Pin.P2_SIM_UNBLOCK_CHV1 : Pin.P2_PIN1, "PUK",
                org.secfunet.pcsc.PinFields.join(() -> field(puk, Pin.PUK_DIGITS, "a PUK has 8 digits"),
                () -> field(newPin, Pin.MIN_PIN, "the new PIN must have 4 to 8 digits")));
    }

    /** PUK tries left (UNBLOCK PIN with no data), 0 when blocked or absent, -1 when the card does not say. */
    public int pukTriesLeft() {
        if (kind == Kind.SIM) {
            return -1;
        }
        return triesLeft(transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.UNBLOCK, Pin.P1, Pin.P2_PIN1)));
    }

    /** The tries left a USIM tells in its answer to a PIN command without data: 63Cx, 0 when blocked, else -1. */
    private static int triesLeft(ResponseApdu r) {
        if (isTriesLeft(r)) {
            return r.sw2() & 0x0F;
        }
        return r.sw() == StatusWord.AUTH_METHOD_BLOCKED ? 0 : -1;
    }

    private static boolean isTriesLeft(ResponseApdu r) {
        return (r.sw() & 0xFFF0) == StatusWord.WRONG_PIN_TRIES_LEFT;
    }

    private void pinCommand(String what, int ins, int p2, String secret, byte[] data) {
        try {
            ResponseApdu r = kind == Kind.SIM ? sim(CommandApdu.of(SimCommands.CLA_SIM, ins, Pin.P1, p2, data))
                    : transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, ins, Pin.P1, p2, data));
            if (isTriesLeft(r)) {
                throw new SimException.Pin(what + ": wrong " + secret + ", " + (r.sw2() & 0x0F) + " tries left", r.sw(), r.sw2() & 0x0F);
            }
            if (r.sw() == StatusWord.AUTH_METHOD_BLOCKED || r.sw() == Sw.SIM_CHV_BLOCKED) {
                throw new SimException.Pin(what + ": the " + secret + " is blocked" + ("PIN".equals(secret) ? " (unblock it with the PUK)" : ""),
                        r.sw(), 0);
            }
            if (r.sw() == Sw.SIM_CHV_WRONG) {
                throw new SimException.Pin(what + ": wrong " + secret, r.sw(), -1);
            }
            ok(what, r);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** A {@link Pin#FIELD}-byte PIN field: the digits, padded with FF. */
    private static byte[] field(char[] digits, int min, String rule) {
        return org.secfunet.pcsc.PinFields.padded(digits, min, c -> c >= '0' && c <= '9', rule, rule);
    }

    /** RUN GSM ALGORITHM (SIM) or the USIM's GSM-context AUTHENTICATE. */
    public GsmResult gsmAuth(byte[] rand) {
        check(rand, "RAND");
        if (kind == Kind.SIM) {
            byte[] d = ok("RUN GSM ALGORITHM", sim(CommandApdu.of(SimCommands.CLA_SIM, Ins.RUN_GSM_ALGORITHM, Auth.P1,
                    Auth.P2_RUN_GSM_ALGORITHM, rand)));
            if (d.length < Auth.SRES_LENGTH + Auth.KC_LENGTH) {
                throw new SimException("RUN GSM ALGORITHM answered " + d.length + " bytes, not 12", StatusWord.OK);
            }
            return new GsmResult(Arrays.copyOfRange(d, 0, Auth.SRES_LENGTH),
                    Arrays.copyOfRange(d, Auth.SRES_LENGTH, Auth.SRES_LENGTH + Auth.KC_LENGTH));
        }
        byte[] data = new byte[1 + Auth.RAND_LENGTH];
        data[0] = Auth.RAND_LENGTH;
        System.arraycopy(rand, 0, data, 1, Auth.RAND_LENGTH);
        byte[] d = ok("AUTHENTICATE (GSM context)", transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.AUTHENTICATE, Auth.P1,
                Auth.P2_GSM_CONTEXT, data, 256)));
        int kcAt = 1 + Auth.SRES_LENGTH;
        if (d.length < kcAt + 1 + Auth.KC_LENGTH || d[0] != Auth.SRES_LENGTH || d[kcAt] != Auth.KC_LENGTH) {
            throw new SimException("the GSM-context AUTHENTICATE answer is malformed", StatusWord.OK);
        }
        return new GsmResult(Arrays.copyOfRange(d, 1, kcAt), Arrays.copyOfRange(d, kcAt + 1, kcAt + 1 + Auth.KC_LENGTH));
    }

    /** UMTS AUTHENTICATE (3G context). A MAC failure (the network is not genuine, or a wrong K) is a {@link SimException}. */
    public UmtsResult umtsAuth(byte[] rand, byte[] autn) {
        if (kind != Kind.USIM) {
            throw new SimException("UMTS authentication needs a USIM; this is a GSM SIM", StatusWord.INS_NOT_SUPPORTED);
        }
        check(rand, "RAND");
        check(autn, "AUTN");
        byte[] data = new byte[2 + Auth.RAND_LENGTH + Auth.AUTN_LENGTH];
        data[0] = Auth.RAND_LENGTH;
        System.arraycopy(rand, 0, data, 1, Auth.RAND_LENGTH);
        data[1 + Auth.RAND_LENGTH] = Auth.AUTN_LENGTH;
        System.arraycopy(autn, 0, data, 2 + Auth.RAND_LENGTH, Auth.AUTN_LENGTH);
        ResponseApdu r = transport.transmit(CommandApdu.of(SimCommands.CLA_USIM, Ins.AUTHENTICATE, Auth.P1, Auth.P2_3G_CONTEXT, data, 256));
        if (r.sw() == Sw.AUTH_MAC_FAILURE) {
            throw new SimException("AUTHENTICATE: MAC failure (AUTN not made with this card's K)", r.sw());
        }
        byte[] d = ok("AUTHENTICATE (3G context)", r);
        if (d.length >= 2 + Auth.AUTS_LENGTH && (d[0] & 0xFF) == Auth.TAG_SYNC_FAILURE && d[1] == Auth.AUTS_LENGTH) {
            return new SyncFailure(Arrays.copyOfRange(d, 2, 2 + Auth.AUTS_LENGTH));
        }
        if (d.length < 1 || (d[0] & 0xFF) != Auth.TAG_SUCCESS) {
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
        if (b == null || b.length != Auth.RAND_LENGTH) { // AUTN is as long
            throw new IllegalArgumentException(what + " must be 16 bytes");
        }
    }

    /** A file id as SELECT's two data bytes. */
    private static byte[] fid(int fid) {
        return new byte[] {(byte) (fid >> 8), (byte) fid};
    }

    private static byte[] ok(String what, ResponseApdu r) {
        if (!r.isOk()) {
            throw new SimException(what + " failed: " + meaning(r.sw()), r.sw());
        }
        return r.data();
    }

    static String meaning(int sw) {
        return switch (sw) {
            case StatusWord.SECURITY_STATUS_NOT_SATISFIED -> "security status not satisfied (verify the PIN first)";
            case StatusWord.AUTH_METHOD_BLOCKED -> "the PIN is blocked";
            case StatusWord.CONDITIONS_NOT_SATISFIED, Sw.SIM_CHV_CONTRADICTION -> "not possible in the PIN's current state (already enabled or disabled?)";
            case StatusWord.WRONG_DATA -> "incorrect data (the new PIN must be 4 to 8 digits)";
            case StatusWord.FILE_NOT_FOUND -> "file or application not found";
            case StatusWord.RECORD_NOT_FOUND -> "record not found";
            case Sw.AUTH_MAC_FAILURE -> "authentication error (MAC failure)";
            case StatusWord.CLA_NOT_SUPPORTED -> "class not supported";
            case StatusWord.INS_NOT_SUPPORTED -> "instruction not supported";
            default -> "refused";
        };
    }

    @Override
    public void close() {
        session.close();
    }
}
