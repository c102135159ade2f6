package org.secfunet.card.sim;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.card.pin.PinCommands;
import org.secfunet.card.pin.PinRef;
import org.secfunet.card.runtime.Applet;
import org.secfunet.pcsc.sim.SimCommands;
import org.secfunet.pcsc.sim.SimCommands.Auth;
import org.secfunet.pcsc.sim.SimCommands.Files;
import org.secfunet.pcsc.sim.SimCommands.GsmDfStatus;
import org.secfunet.pcsc.sim.SimCommands.Ins;
import org.secfunet.pcsc.sim.SimCommands.Record;
import org.secfunet.pcsc.sim.SimCommands.Select;
import org.secfunet.pcsc.sim.SimCommands.Sw;

/**
 * A UICC with one USIM application, which also answers as a GSM SIM (GSM 11.11) to CLA {@code A0};
 * personalised as {@code type = "sim"} it is a GSM-only SIM that refuses class 00.
 * It is the card's default applet (it handles the file system from power-on) and the applet of the
 * USIM AID. Files: MF 3F00 with EF_ICCID 2FE2, EF_DIR 2F00 (one record naming the USIM), DF_GSM 7F20
 * with EF_IMSI 6F07 and EF_AD 6FAD, and ADF_USIM (by AID, or 7FFF once active) with EF_IMSI and EF_AD.
 * Authentication runs MILENAGE; see docs/sim.md for the commands and the SQN policy. The codes are {@link SimCommands}'
 * (and {@link StatusWord}'s).
 */
public final class UsimApplet implements Applet {
    /** The USIM AID: RID A0 00 00 00 87 (3GPP), application code 10 02 (USIM). */
    public static final byte[] USIM_AID = Hex.decode("A0000000871002FFFFFFFF8907090000");
    /** SQN values further than this above SQN_MS are refused (TS 33.102 Annex C, Δ, here in SQN units). */
    public static final long SQN_WINDOW = 1L << 28;
    /** SQN = SEQ ‖ IND with a 5-bit IND (TS 33.102 Annex C.3.2): an array of 32 SEQ_MS values. */
    public static final int IND_BITS = 5;
    /** Δ and the age limit L in SEQ units: SEQ − SEQ_MS ≤ Δ and SEQ_MS − SEQ < L. */
    static final long SEQ_DELTA = SQN_WINDOW >> IND_BITS;
    static final int EF_DIR_RECORD_LENGTH = 32;

    private enum Kind { MF, DF, ADF, TRANSPARENT, LINEAR }

    private static final class Node {
        final int fid;
        final Kind kind;
        final Node parent;
        final List<Node> children = new ArrayList<>();
        final byte[] data;
        final int recordLength;
        final boolean pinToRead;

        Node(int fid, Kind kind, Node parent, byte[] data, int recordLength, boolean pinToRead) {
            this.fid = fid;
            this.kind = kind;
            this.parent = parent;
            this.data = data;
            this.recordLength = recordLength;
            this.pinToRead = pinToRead;
        }

        boolean isDf() {
            return kind == Kind.MF || kind == Kind.DF || kind == Kind.ADF;
        }

        int records() {
            return kind == Kind.LINEAR ? data.length / recordLength : 0;
        }
    }

    private final SimCardStore store;
    private final Milenage milenage;
    private final Node mf;
    private final Node adf;
    private final PinCommands<SimImage> pins;
    /** A GSM-only SIM: class 00 (UICC) commands are refused, as a pre-UICC card does. */
    private final boolean gsmOnly;
    private boolean usimActive;
    private Node current;

    public UsimApplet(SimCardStore store) {
        this.store = store;
        this.pins = new PinCommands<>(store);
        this.gsmOnly = store.image().gsmOnly();
        SimImage img = store.image();
        this.milenage = new Milenage(Hex.decode(img.k), Hex.decode(img.opc));
        byte[] imsi = encodeImsi(img.imsi);
        byte[] ad = {0x00, 0x00, 0x00, (byte) img.mncLength};
        mf = new Node(Files.MF, Kind.MF, null, null, 0, false);
        mf.children.add(new Node(Files.EF_ICCID, Kind.TRANSPARENT, mf, encodeIccid(img.iccid), 0, false));
        mf.children.add(new Node(Files.EF_DIR, Kind.LINEAR, mf, efDirRecord(), EF_DIR_RECORD_LENGTH, false));
        Node gsm = new Node(Files.DF_GSM, Kind.DF, mf, null, 0, false);
        gsm.children.add(new Node(Files.EF_IMSI, Kind.TRANSPARENT, gsm, imsi, 0, true));
        gsm.children.add(new Node(Files.EF_AD, Kind.TRANSPARENT, gsm, ad, 0, false));
        mf.children.add(gsm);
        adf = new Node(Files.ADF_CURRENT, Kind.ADF, mf, null, 0, false); // reached by AID, not listed under the MF
        adf.children.add(new Node(Files.EF_IMSI, Kind.TRANSPARENT, adf, imsi.clone(), 0, true));
        adf.children.add(new Node(Files.EF_AD, Kind.TRANSPARENT, adf, ad.clone(), 0, false));
        current = mf;
    }

    @Override
    public byte[] aid() {
        return USIM_AID.clone();
    }

    @Override
    public String name() {
        return gsmOnly ? "SIM" : "USIM";
    }

    @Override
    public void reset() {
        pins.reset();
        usimActive = false;
        current = mf;
    }

    @Override
    public int responseAvailableSw1(CommandApdu command) {
        return command.cla() == SimCommands.CLA_SIM ? Sw.SIM_RESPONSE_READY >> 8 : Sw.RESPONSE_READY >> 8;
    }

    /** SELECT of the USIM by (partial) AID, CLA 00 P1 04: the runtime matched the AID. */
    @Override
    public ResponseApdu select(CommandApdu c) {
        if (gsmOnly) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        if (!selectP2(c)) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1P2);
        }
        usimActive = true;
        current = adf;
        return c.p2() == Select.P2_NO_DATA ? ResponseApdu.of(StatusWord.OK) : ResponseApdu.ok(fcp(adf));
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        int cla = c.cla();
        boolean gsm = cla == SimCommands.CLA_SIM;
        if (gsmOnly && !gsm) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        if (!gsm && (cla & 0xF0) != 0) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        if (!gsm && (cla & 0x0F) != 0) {
            return ResponseApdu.of(StatusWord.LOGICAL_CHANNEL_NOT_SUPPORTED); // logical channels and secure messaging are not supported
        }
        return switch (c.ins()) {
            case Ins.SELECT -> selectFile(c, gsm);
            case Ins.READ_BINARY -> readBinary(c, gsm);
            case Ins.READ_RECORD -> readRecord(c, gsm);
            case Ins.VERIFY, Ins.CHANGE, Ins.DISABLE, Ins.ENABLE, Ins.UNBLOCK -> pins.process(gsm ? SimPinRules.GSM : SimPinRules.USIM, c);
            case Ins.AUTHENTICATE -> gsm ? runGsmAlgorithm(c) : authenticate(c); // RUN GSM ALGORITHM in class A0, the same code
            default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    // ---- file system ----

    private ResponseApdu selectFile(CommandApdu c, boolean gsm) {
        if (gsm ? (c.p1() != Select.P_SIM || c.p2() != Select.P_SIM) : c.p1() != Select.P1_BY_FID) {
            return ResponseApdu.of(gsm ? StatusWord.WRONG_P1P2 : StatusWord.INCORRECT_P1P2);
        }
        if (!gsm && !selectP2(c)) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1P2);
        }
        if (c.nc() != 2) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        int fid = (d[0] & 0xFF) << 8 | (d[1] & 0xFF);
        Node found = find(fid);
        if (found == null) {
            return ResponseApdu.of(gsm ? Sw.SIM_FILE_NOT_FOUND : StatusWord.FILE_NOT_FOUND);
        }
        current = found;
        if (gsm) {
            return ResponseApdu.ok(gsmResponse(found));
        }
        return c.p2() == Select.P2_NO_DATA ? ResponseApdu.of(StatusWord.OK) : ResponseApdu.ok(fcp(found));
    }

    /** A UICC SELECT's P2: 00, FCP or no data. */
    private static boolean selectP2(CommandApdu c) {
        return c.p2() == Select.P2_FIRST || c.p2() == Select.P2_FCP || c.p2() == Select.P2_NO_DATA;
    }

    /** The MF, the current DF, its children, its parent and the parent's children; 7FFF once the USIM is active. */
    private Node find(int fid) {
        if (fid == Files.MF) {
            return mf;
        }
        if (fid == Files.ADF_CURRENT) {
            return usimActive ? adf : null;
        }
        Node df = current.isDf() ? current : current.parent;
        if (df.fid == fid && df.kind != Kind.ADF) {
            return df;
        }
        for (Node n : df.children) {
            if (n.fid == fid) {
                return n;
            }
        }
        Node up = df.parent;
        if (up != null) {
            if (up.fid == fid) {
                return up;
            }
            for (Node n : up.children) {
                if (n.fid == fid) {
                    return n;
                }
            }
        }
        return null;
    }

    private ResponseApdu readBinary(CommandApdu c, boolean gsm) {
        if (!current.isDf() && current.kind != Kind.TRANSPARENT) {
            return ResponseApdu.of(gsm ? Sw.SIM_FILE_INCONSISTENT : StatusWord.COMMAND_INCOMPATIBLE_WITH_FILE);
        }
        if (current.isDf()) {
            return ResponseApdu.of(gsm ? Sw.SIM_NO_EF_SELECTED : StatusWord.COMMAND_NOT_ALLOWED);
        }
        if ((c.p1() & 0x80) != 0) {
            return ResponseApdu.of(gsm ? StatusWord.WRONG_P1P2 : StatusWord.FUNCTION_NOT_SUPPORTED); // short file identifiers are not supported
        }
        if (current.pinToRead && !pins.satisfied(PinRef.PIN)) {
            return ResponseApdu.of(gsm ? Sw.SIM_CHV_WRONG : StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        int offset = c.p1() << 8 | c.p2();
        byte[] data = current.data;
        if (offset >= data.length) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        int want = c.ne() == 0 ? 256 : c.ne();
        int n = Math.min(want, data.length - offset);
        return ResponseApdu.ok(Arrays.copyOfRange(data, offset, offset + n));
    }

    private ResponseApdu readRecord(CommandApdu c, boolean gsm) {
        if (current.isDf()) {
            return ResponseApdu.of(gsm ? Sw.SIM_NO_EF_SELECTED : StatusWord.COMMAND_NOT_ALLOWED);
        }
        if (current.kind != Kind.LINEAR) {
            return ResponseApdu.of(gsm ? Sw.SIM_FILE_INCONSISTENT : StatusWord.COMMAND_INCOMPATIBLE_WITH_FILE);
        }
        if (c.p2() != Record.ABSOLUTE) {
            return ResponseApdu.of(gsm ? StatusWord.WRONG_P1P2 : StatusWord.INCORRECT_P1P2); // only absolute mode, current EF
        }
        int rec = c.p1();
        if (rec < 1 || rec > current.records()) {
            return ResponseApdu.of(gsm ? Sw.SIM_OUT_OF_RANGE : StatusWord.RECORD_NOT_FOUND);
        }
        int len = current.recordLength;
        int ne = c.ne();
        if (ne != len && ne != 0 && ne != 256) {
            return ResponseApdu.of((gsm ? StatusWord.WRONG_LENGTH : Sw.WRONG_LE) | len); // wrong Le: tells the record length
        }
        int from = (rec - 1) * len;
        return ResponseApdu.ok(Arrays.copyOfRange(current.data, from, from + len));
    }

    // ---- authentication ----

    /** GSM 11.11 RUN GSM ALGORITHM: A0 88 00 00 10 RAND → SRES(4) || Kc(8), announced with 9F0C. */
    private ResponseApdu runGsmAlgorithm(CommandApdu c) {
        if (c.p1() != Auth.P1 || c.p2() != Auth.P2_RUN_GSM_ALGORITHM) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        if (c.nc() != Auth.RAND_LENGTH) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (!pins.satisfied(PinRef.PIN)) {
            return ResponseApdu.of(Sw.SIM_CHV_WRONG);
        }
        Milenage.Output out = milenage.f2345(c.data());
        return ResponseApdu.ok(concat(GsmContext.c2(out.res()), GsmContext.c3(out.ck(), out.ik())));
    }

    /** TS 31.102 AUTHENTICATE, GSM (P2 80) and 3G (P2 81) security context. */
    private ResponseApdu authenticate(CommandApdu c) {
        if (c.p1() != Auth.P1 || (c.p2() != Auth.P2_GSM_CONTEXT && c.p2() != Auth.P2_3G_CONTEXT)) {
            return ResponseApdu.of(StatusWord.INCORRECT_P1P2);
        }
        if (!usimActive) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (!pins.satisfied(PinRef.PIN)) {
            return ResponseApdu.of(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        byte[] d = c.data();
        int randEnd = 1 + Auth.RAND_LENGTH;
        if (c.p2() == Auth.P2_GSM_CONTEXT) {
            if (d.length != randEnd || d[0] != Auth.RAND_LENGTH) {
                return ResponseApdu.of(d.length != randEnd ? StatusWord.WRONG_LENGTH : StatusWord.WRONG_DATA);
            }
            Milenage.Output out = milenage.f2345(Arrays.copyOfRange(d, 1, randEnd));
            return ResponseApdu.ok(concat(new byte[] {Auth.SRES_LENGTH}, GsmContext.c2(out.res()), new byte[] {Auth.KC_LENGTH},
                    GsmContext.c3(out.ck(), out.ik())));
        }
        int autnEnd = randEnd + 1 + Auth.AUTN_LENGTH;
        if (d.length != autnEnd || d[0] != Auth.RAND_LENGTH || d[randEnd] != Auth.AUTN_LENGTH) {
            return ResponseApdu.of(d.length != autnEnd ? StatusWord.WRONG_LENGTH : StatusWord.WRONG_DATA);
        }
        byte[] rand = Arrays.copyOfRange(d, 1, randEnd);
        byte[] autn = Arrays.copyOfRange(d, randEnd + 1, autnEnd);
        Milenage.Output out = milenage.f2345(rand);
        byte[] sqn = Arrays.copyOfRange(autn, 0, 6);
        Milenage.xorInto(sqn, out.ak());
        byte[] amf = Arrays.copyOfRange(autn, 6, 8);
        byte[] xmac = milenage.f1(rand, sqn, amf);
        if (!MessageDigest.isEqual(xmac, Arrays.copyOfRange(autn, 8, 16))) {
            return ResponseApdu.of(Sw.AUTH_MAC_FAILURE);
        }
        SimImage img = store.image();
        long received = toLong(sqn);
        if (!SqnArray.fresh(img, received)) {
            byte[] concealed = Hex.decode(img.sqnMs); // SQN_MS: the highest SQN accepted anywhere in the array
            byte[] macS = milenage.f1star(rand, concealed, new byte[2]);
            Milenage.xorInto(concealed, milenage.f5star(rand));
            return ResponseApdu.ok(concat(new byte[] {(byte) Auth.TAG_SYNC_FAILURE, Auth.AUTS_LENGTH}, concealed, macS));
        }
        store.update(SqnArray.accept(img, received)); // persisted before the answer leaves the card: a replay is never accepted
        return ResponseApdu.ok(concat(new byte[] {(byte) Auth.TAG_SUCCESS, 8}, out.res(), new byte[] {16}, out.ck(),
                new byte[] {16}, out.ik(), new byte[] {8}, GsmContext.c3(out.ck(), out.ik())));
    }

    static long toLong(byte[] sqn) {
        long v = 0;
        for (byte b : sqn) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    // ---- encodings ----

    /** TS 102 221 FCP template (tag 62). */
    private byte[] fcp(Node n) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        switch (n.kind) {
            case TRANSPARENT -> tlv(t, 0x82, 0x41, 0x21);
            case LINEAR -> tlv(t, 0x82, 0x42, 0x21, n.recordLength >> 8, n.recordLength & 0xFF, n.records());
            default -> tlv(t, 0x82, 0x78, 0x21);
        }
        tlv(t, 0x83, n.fid >> 8, n.fid & 0xFF);
        if (n.kind == Kind.ADF) {
            t.write(0x84);
            t.write(USIM_AID.length);
            t.writeBytes(USIM_AID);
        }
        tlv(t, 0x8A, 0x05);
        tlv(t, 0x8B, 0x2F, 0x06, n.isDf() ? 0x01 : (n.pinToRead ? 0x03 : 0x02));
        if (n.isDf()) {
            tlv(t, 0xC6, 0x90, 0x01, store.image().pin.isEnabled() ? 0x80 : 0x00, 0x83, 0x01, 0x01);
        } else {
            tlv(t, 0x80, n.data.length >> 8, n.data.length & 0xFF);
        }
        byte[] body = t.toByteArray();
        return concat(new byte[] {0x62, (byte) body.length}, body);
    }

    private static void tlv(ByteArrayOutputStream out, int tag, int... value) {
        out.write(tag);
        out.write(value.length);
        for (int v : value) {
            out.write(v);
        }
    }

    /** GSM 11.11 §9.2.1 response to SELECT: 22 bytes for the MF or a DF, 15 for an EF. */
    private byte[] gsmResponse(Node n) {
        if (n.isDf()) {
            SimImage img = store.image();
            int dfs = (int) n.children.stream().filter(Node::isDf).count();
            int efs = n.children.size() - dfs;
            return new byte[] {0, 0, 0, 0, (byte) (n.fid >> 8), (byte) n.fid, (byte) (n.kind == Kind.MF ? 0x01 : 0x02),
                0, 0, 0, 0, 0, 9, (byte) (img.pin.isEnabled() ? 0x00 : GsmDfStatus.CHV1_DISABLED), (byte) dfs, (byte) efs, 0x04, 0,
                (byte) (GsmDfStatus.CODE_INITIALISED | img.pin.triesLeft),
                (byte) (img.hasPuk() ? GsmDfStatus.CODE_INITIALISED | img.puk.triesLeft : 0x00), 0, 0};
        }
        int size = n.data.length;
        return new byte[] {0, 0, (byte) (size >> 8), (byte) size, (byte) (n.fid >> 8), (byte) n.fid, 0x04, 0,
            (byte) (n.pinToRead ? 0x14 : 0x04), (byte) 0xFF, 0x44, 0x01, 0x02,
            (byte) (n.kind == Kind.LINEAR ? 0x01 : 0x00), (byte) n.recordLength};
    }

    /** EF_IMSI (TS 31.102 §4.2.2): length, then BCD digits low nibble first after the parity nibble; 9 bytes. */
    static byte[] encodeImsi(String imsi) {
        byte[] out = new byte[9];
        Arrays.fill(out, (byte) 0xFF);
        int n = imsi.length();
        int[] nibbles = new int[16];
        Arrays.fill(nibbles, 0xF);
        nibbles[0] = (n % 2 == 1) ? 0x9 : 0x1;
        for (int i = 0; i < n; i++) {
            nibbles[i + 1] = imsi.charAt(i) - '0';
        }
        out[0] = (byte) ((n + 2) / 2);
        for (int i = 0; i < 8; i++) {
            out[1 + i] = (byte) (nibbles[2 * i] | nibbles[2 * i + 1] << 4);
        }
        return out;
    }

    /** EF_ICCID: 10 bytes, BCD digits low nibble first, padded with F. */
    static byte[] encodeIccid(String iccid) {
        byte[] out = new byte[10];
        for (int i = 0; i < 10; i++) {
            int lo = 2 * i < iccid.length() ? iccid.charAt(2 * i) - '0' : 0xF;
            int hi = 2 * i + 1 < iccid.length() ? iccid.charAt(2 * i + 1) - '0' : 0xF;
            out[i] = (byte) (lo | hi << 4);
        }
        return out;
    }

    /** One EF_DIR record: application template 61 { 4F AID, 50 "USIM" }, padded with FF. */
    static byte[] efDirRecord() {
        byte[] label = "USIM".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] inner = concat(new byte[] {Files.DIR_AID, (byte) USIM_AID.length}, USIM_AID, new byte[] {Files.DIR_LABEL, (byte) label.length}, label);
        byte[] rec = new byte[EF_DIR_RECORD_LENGTH];
        Arrays.fill(rec, (byte) 0xFF);
        rec[0] = Files.DIR_APPLICATION_TEMPLATE;
        rec[1] = (byte) inner.length;
        System.arraycopy(inner, 0, rec, 2, inner.length);
        return rec;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
