package org.secfunet.card.sim;

import org.secfunet.card.runtime.OpenCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.SoftwareCard;

/**
 * Drives the software USIM with the APDUs, and the checks on the answers, of hostap's
 * pcsc_funcs.c (scard_init, scard_get_imsi, scard_get_mnc_len, scard_gsm_auth, scard_umts_auth).
 * The 3G expectations are TS 35.208 test set 19 values, computed by nothing in this project.
 */
class UsimCardTest {
    // TS 35.208 §4.3 test set 19 (the last one): K, OPc, RAND, SQN, AMF and the outputs.
    static final String K = "90dca4eda45b53cf0f12d7c9c3bc6a89";
    static final String OPC = "cb9cccc4b9258e6dca4760379fb82581";
    static final byte[] RAND = Hex.decode("9fddc72092c6ad036b6e464789315b78");
    static final byte[] SQN = Hex.decode("20f813bd4141");
    static final byte[] AMF = Hex.decode("61df");
    static final byte[] MAC_A = Hex.decode("09db94eab4f8149e");
    static final byte[] RES = Hex.decode("a95100e2760952cd");
    static final byte[] CK = Hex.decode("b5f2da03883b69f96bf52e029ed9ac45");
    static final byte[] IK = Hex.decode("b4721368bc16ea67875c5598688bb0ef");
    static final byte[] AK = Hex.decode("83cfd54db913");
    static final byte[] AK_STAR = Hex.decode("4f2039392ddc");
    static final byte[] SRES = Hex.decode("df58522f"); // TS 55.205 set 19
    static final byte[] KC = Hex.decode("ed29b2f1c27f9f34");
    static final String IMSI = "001010123456789";

    @TempDir
    Path dir;

    /** The test set 19 subscriber with PIN1 1234; %s: more lines. */
    private static final String PROFILE = """
            imsi = "%s"
            iccid = "8988211000000000017"
            k = "%s"
            opc = "%s"
            sqn = "20f813bd0000"
            mnc-length = 3
            pin = "1234"
            %s
            """;

    Path newStore(String extra) {
        return SimStores.create(dir.resolve("usim.toml"), PROFILE.formatted(IMSI, K, OPC, extra));
    }

    static byte[] autn(byte[] sqn, byte[] ak, byte[] amf, byte[] mac) {
        byte[] a = new byte[16];
        for (int i = 0; i < 6; i++) {
            a[i] = (byte) (sqn[i] ^ ak[i]);
        }
        System.arraycopy(amf, 0, a, 6, 2);
        System.arraycopy(mac, 0, a, 8, 8);
        return a;
    }

    /** What pcsc_funcs.c does with a card, in the same order and with the same checks. */
    static class PcscFuncs {
        final SoftwareCard card;
        final boolean usim;

        PcscFuncs(SoftwareCard card, boolean usim) {
            this.card = card;
            this.usim = usim;
            card.powerOn();
        }

        PcscFuncs(SoftwareCard card) {
            this.card = card;
            card.powerOn();
            // scard_init: SELECT MF with CLA 00 P2 04; USIM when the answer is 61xx/9Fxx/6Cxx
            byte[] r = card.transmit(Hex.decode("00A4000402 3F00"));
            usim = r.length == 2 && (r[0] == 0x61 || r[0] == (byte) 0x9F || r[0] == 0x6C);
        }

        byte[] tx(String hex) {
            return card.transmit(Hex.decode(hex));
        }

        int cla() {
            return usim ? 0x00 : 0xA0;
        }

        /** _scard_select_file: a 2-byte status, then GET RESPONSE of resp[1] bytes. */
        byte[] select(int fid) {
            byte[] cmd = usim ? Hex.decode("00A4000402") : Hex.decode("A0A4000002");
            return selectWith(concat(cmd, new byte[] {(byte) (fid >> 8), (byte) fid}));
        }

        byte[] selectAid(byte[] aid) {
            return selectWith(concat(new byte[] {0x00, (byte) 0xA4, 0x04, 0x04, (byte) aid.length}, aid));
        }

        private byte[] selectWith(byte[] cmd) {
            byte[] r = card.transmit(cmd);
            assertThat(r).hasSize(2);
            assertThat(r[0]).isIn((byte) 0x61, (byte) 0x9F, (byte) 0x6C);
            byte[] data = card.transmit(new byte[] {(byte) cla(), (byte) 0xC0, 0, 0, r[1]});
            assertThat(sw(data)).isEqualTo(0x9000);
            assertThat(data).hasSize((r[1] & 0xFF) + 2);
            return Arrays.copyOf(data, data.length - 2);
        }

        /** scard_get_record_len: READ RECORD with Le FF must answer 6Cxx or 67xx. */
        int recordLength(int rec) {
            byte[] r = card.transmit(new byte[] {(byte) cla(), (byte) 0xB2, (byte) rec, 0x04, (byte) 0xFF});
            assertThat(r).hasSize(2);
            assertThat(r[0]).isIn((byte) 0x6C, (byte) 0x67);
            return r[1] & 0xFF;
        }

        byte[] readRecord(int rec, int len) {
            byte[] r = card.transmit(new byte[] {(byte) cla(), (byte) 0xB2, (byte) rec, 0x04, (byte) len});
            assertThat(r).hasSize(len + 2);
            assertThat(sw(r)).isEqualTo(0x9000);
            return Arrays.copyOf(r, len);
        }

        byte[] readBinary(int len) {
            byte[] r = card.transmit(new byte[] {(byte) cla(), (byte) 0xB0, 0, 0, (byte) len});
            assertThat(sw(r)).as("READ BINARY status").isEqualTo(0x9000);
            assertThat(r).hasSize(len + 2);
            return Arrays.copyOf(r, len);
        }

        /** scard_get_aid: EF_DIR records until one names a 3G USIM (application code 10 02). */
        byte[] usimAid() {
            select(0x2F00);
            for (int rec = 1; rec < 10; rec++) {
                int len = recordLength(rec);
                byte[] b = readRecord(rec, len);
                if ((b[0] & 0xFF) != 0x61 || (b[1] & 0xFF) > len - 2 || (b[2] & 0xFF) != 0x4F) {
                    continue;
                }
                int aidLen = b[3] & 0xFF;
                if (b[9] == 0x10 && b[10] == 0x02) {
                    return Arrays.copyOfRange(b, 4, 4 + aidLen);
                }
            }
            throw new AssertionError("no USIM in EF_DIR");
        }

        int verifyPin(String pin) {
            byte[] cmd = new byte[13];
            cmd[0] = (byte) cla();
            cmd[1] = 0x20;
            cmd[3] = 0x01;
            cmd[4] = 0x08;
            Arrays.fill(cmd, 5, 13, (byte) 0xFF);
            System.arraycopy(pin.getBytes(), 0, cmd, 5, pin.length());
            return sw(card.transmit(cmd));
        }

        /** scard_get_pin_retry_counter: VERIFY with P3 = 0. */
        int pinRetryStatus() {
            return sw(card.transmit(new byte[] {(byte) cla(), 0x20, 0x00, 0x01, 0x00}));
        }

        String imsi() {
            byte[] hdr = select(0x6F07);
            int blen = usim ? Fsp.fileSize(hdr) : (hdr[2] & 0xFF) << 8 | (hdr[3] & 0xFF);
            byte[] b = readBinary(blen);
            StringBuilder s = new StringBuilder();
            s.append((b[1] >> 4) & 0x0F);
            for (int i = 2; i < blen; i++) {
                if ((b[i] & 0x0F) < 10) {
                    s.append(b[i] & 0x0F);
                }
                if (((b[i] >> 4) & 0x0F) < 10) {
                    s.append((b[i] >> 4) & 0x0F);
                }
            }
            return s.toString();
        }

        int mncLength() {
            byte[] hdr = select(0x6FAD);
            int size = usim ? Fsp.fileSize(hdr) : (hdr[2] & 0xFF) << 8 | (hdr[3] & 0xFF);
            assertThat(size).isGreaterThanOrEqualTo(4);
            return readBinary(size)[3] & 0x0F;
        }

        /** scard_gsm_auth: SRES || Kc. */
        byte[] gsmAuth(byte[] rand) {
            byte[] r;
            if (usim) {
                r = card.transmit(concat(Hex.decode("0088008011 10"), rand));
                assertThat(r).containsExactly(0x61, 0x0E);
                byte[] b = tx("00C000000E");
                assertThat(b).hasSize(16);
                assertThat(b[0]).isEqualTo((byte) 4);
                assertThat(b[5]).isEqualTo((byte) 8);
                return concat(Arrays.copyOfRange(b, 1, 5), Arrays.copyOfRange(b, 6, 14));
            }
            r = card.transmit(concat(Hex.decode("A088000010"), rand));
            assertThat(r).containsExactly(0x9F, 0x0C);
            byte[] b = tx("A0C000000C");
            assertThat(b).hasSize(14);
            return Arrays.copyOf(b, 12);
        }

        /** scard_umts_auth: the GET RESPONSE data (DB... or DC...), or the status word alone. */
        byte[] umtsAuth(byte[] rand, byte[] autn) {
            byte[] r = card.transmit(concat(Hex.decode("0088008122 10"), rand, new byte[] {0x10}, autn));
            assertThat(r).hasSize(2);
            if (r[0] != 0x61) {
                return r;
            }
            byte[] b = card.transmit(new byte[] {0x00, (byte) 0xC0, 0, 0, r[1]});
            assertThat(sw(b)).isEqualTo(0x9000);
            return Arrays.copyOf(b, b.length - 2);
        }
    }

    /** scard_parse_fsp_templ: the TLVs must end exactly at the template's end. */
    static final class Fsp {
        static int fileSize(byte[] buf) {
            return parse(buf)[1];
        }

        static int psDo(byte[] buf) {
            return parse(buf)[0];
        }

        static int[] parse(byte[] buf) {
            assertThat(buf[0]).isEqualTo((byte) 0x62);
            assertThat(buf[1] & 0xFF).isEqualTo(buf.length - 2);
            int ps = -1;
            int size = -1;
            int pos = 2;
            while (pos < buf.length) {
                int type = buf[pos] & 0xFF;
                int len = buf[pos + 1] & 0xFF;
                pos += 2;
                assertThat(pos + len).isLessThanOrEqualTo(buf.length);
                if (type == 0x80 && (len == 1 || len == 2)) {
                    size = len == 1 ? buf[pos] & 0xFF : (buf[pos] & 0xFF) << 8 | (buf[pos + 1] & 0xFF);
                }
                if (type == 0xC6 && len >= 2 && (buf[pos] & 0xFF) == 0x90 && buf[pos + 1] >= 1) {
                    ps = buf[pos + 2] & 0xFF;
                }
                pos += len;
            }
            assertThat(pos).isEqualTo(buf.length);
            return new int[] {ps, size};
        }
    }

    static int sw(byte[] r) {
        return (r[r.length - 2] & 0xFF) << 8 | (r[r.length - 1] & 0xFF);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** scard_init, scard_set_pin, IMSI and MNC length: the USIM path. */
    static PcscFuncs initUsim(SoftwareCard card) {
        PcscFuncs p = new PcscFuncs(card);
        assertThat(p.usim).isTrue();
        byte[] aid = p.usimAid();
        assertThat(aid).containsExactly(UsimApplet.USIM_AID);
        byte[] fcp = p.selectAid(aid);
        assertThat(Fsp.psDo(fcp) & 0x80).as("PIN1 enabled in PS_DO").isEqualTo(0x80);
        return p;
    }

    @Test
    void wpaSupplicantUsimSequence() {
        try (OpenCard open = VirtualCards.open(newStore(""))) {
            PcscFuncs p = initUsim(open.card());
            assertThat(p.pinRetryStatus()).isEqualTo(0x63C3);
            assertThat(p.verifyPin("1234")).isEqualTo(0x9000);
            assertThat(p.pinRetryStatus()).isEqualTo(0x9000);
            assertThat(p.imsi()).isEqualTo(IMSI);
            assertThat(p.mncLength()).isEqualTo(3);
            assertThat(p.gsmAuth(RAND)).containsExactly(concat(SRES, KC));

            byte[] b = p.umtsAuth(RAND, autn(SQN, AK, AMF, MAC_A));
            assertThat(b).containsExactly(concat(new byte[] {(byte) 0xDB, 8}, RES, new byte[] {16}, CK, new byte[] {16}, IK,
                    new byte[] {8}, KC));
        }
    }

    @Test
    void gsmSimSequenceWithClaA0() {
        try (OpenCard open = VirtualCards.open(newStore(""))) {
            SoftwareCard card = open.card();
            // pcsc_funcs falls back to CLA A0 when CLA 00 is refused; drive that path directly.
            PcscFuncs sim = new GsmDriver(card);
            byte[] mf = sim.select(0x3F00);
            assertThat(mf).hasSize(22);
            assertThat(mf[6]).isEqualTo((byte) 0x01);
            byte[] df = sim.select(0x7F20);
            assertThat(df[13] & 0x80).as("CHV1 enabled").isEqualTo(0);
            assertThat(df[18] & 0x0F).as("CHV1 tries").isEqualTo(3);
            assertThat(sw(card.transmit(Hex.decode("A088000010" + Hex.encode(RAND))))).isEqualTo(0x9804);
            assertThat(sim.verifyPin("9999")).isEqualTo(0x9804);
            assertThat(sim.verifyPin("1234")).isEqualTo(0x9000);
            assertThat(sim.imsi()).isEqualTo(IMSI);
            assertThat(sim.select(0x6F07)).hasSize(15);
            sim.select(0x7F20);
            assertThat(sim.mncLength()).isEqualTo(3);
            assertThat(sim.gsmAuth(RAND)).containsExactly(concat(SRES, KC));
        }
    }

    @Test
    void aGsmOnlySimRefusesClass00AndPcscFuncsFallsBackToA0() {
        try (OpenCard open = VirtualCards.open(newStore("type = \"sim\""))) {
            SoftwareCard card = open.card();
            PcscFuncs p = new PcscFuncs(card); // scard_init's CLA 00 SELECT MF
            assertThat(p.usim).as("detected as a GSM SIM").isFalse();
            assertThat(sw(card.transmit(Hex.decode("00A4040410" + Hex.encode(UsimApplet.USIM_AID))))).isEqualTo(0x6E00);
            assertThat(sw(card.transmit(Hex.decode("00B0000009")))).isEqualTo(0x6E00);
            assertThat(p.select(0x3F00)).hasSize(22);
            assertThat(p.select(0x7F20)).hasSize(22);
            assertThat(p.verifyPin("1234")).isEqualTo(0x9000);
            assertThat(p.imsi()).isEqualTo(IMSI);
            assertThat(p.gsmAuth(RAND)).containsExactly(concat(SRES, KC));
        }
    }

    /** The CLA A0 path of pcsc_funcs (a card that refused the CLA 00 MF select). */
    static final class GsmDriver extends PcscFuncs {
        GsmDriver(SoftwareCard card) {
            super(card, false);
        }
    }

    @Test
    void macFailureIs9862AndChangesNothing() throws Exception {
        Path f = newStore("");
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            p.verifyPin("1234");
            byte[] bad = autn(SQN, AK, AMF, MAC_A);
            bad[15] ^= 1;
            assertThat(p.umtsAuth(RAND, bad)).containsExactly(0x98, 0x62);
            byte[] badAmf = autn(SQN, AK, Hex.decode("8000"), MAC_A);
            assertThat(p.umtsAuth(RAND, badAmf)).containsExactly(0x98, 0x62);
        }
        try (SimCardStore store = SimCardStore.open(f)) {
            assertThat(store.image().sqnMs).isEqualToIgnoringCase("20F813BD0000");
        }
    }

    @Test
    void replayGivesAutsThatOpensToSqnMsAndSqnSurvivesReopening() {
        Path f = newStore("");
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            p.verifyPin("1234");
            assertThat(p.umtsAuth(RAND, autn(SQN, AK, AMF, MAC_A))[0]).isEqualTo((byte) 0xDB);
        }
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            p.verifyPin("1234");
            byte[] b = p.umtsAuth(RAND, autn(SQN, AK, AMF, MAC_A));
            assertThat(b).hasSize(16);
            assertThat(b[0]).isEqualTo((byte) 0xDC);
            assertThat(b[1]).isEqualTo((byte) 14);
            byte[] sqnMs = Arrays.copyOfRange(b, 2, 8);
            for (int i = 0; i < 6; i++) {
                sqnMs[i] ^= AK_STAR[i];
            }
            assertThat(sqnMs).containsExactly(SQN);
            Milenage network = new Milenage(Hex.decode(K), Hex.decode(OPC));
            assertThat(Arrays.copyOfRange(b, 8, 16)).containsExactly(network.f1star(RAND, SQN, new byte[2]));
        }
    }

    @Test
    void sqnWindowAcceptsUpToDeltaAboveSqnMsAndNoFurther() {
        Path f = newStore("");
        Milenage network = new Milenage(Hex.decode(K), Hex.decode(OPC));
        byte[] ak = network.f2345(RAND).ak();
        long base = UsimApplet.toLong(Hex.decode("20f813bd0000"));
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            p.verifyPin("1234");
            byte[] tooFar = sqn(base + UsimApplet.SQN_WINDOW + 32); // SEQ one above SEQ_MS + Δ
            assertThat(p.umtsAuth(RAND, autn(tooFar, ak, AMF, network.f1(RAND, tooFar, AMF)))[0]).isEqualTo((byte) 0xDC);
            byte[] edge = sqn(base + UsimApplet.SQN_WINDOW);
            assertThat(p.umtsAuth(RAND, autn(edge, ak, AMF, network.f1(RAND, edge, AMF)))[0]).isEqualTo((byte) 0xDB);
            byte[] older = sqn(base + 5);
            assertThat(p.umtsAuth(RAND, autn(older, ak, AMF, network.f1(RAND, older, AMF)))[0]).isEqualTo((byte) 0xDC);
            byte[] next = sqn(base + UsimApplet.SQN_WINDOW + 32);
            assertThat(p.umtsAuth(RAND, autn(next, ak, AMF, network.f1(RAND, next, AMF)))[0]).isEqualTo((byte) 0xDB);
        }
    }

    @Test
    void theSqnArrayAcceptsVectorsOutOfOrderAcrossIndButEachOnlyOnce() {
        Path f = newStore("");
        Milenage network = new Milenage(Hex.decode(K), Hex.decode(OPC));
        byte[] ak = network.f2345(RAND).ak();
        long s0 = UsimApplet.toLong(Hex.decode("20f813bd0000")) >>> UsimApplet.IND_BITS;
        byte[] a = sqn((s0 + 3) << UsimApplet.IND_BITS | 7);
        byte[] b = sqn((s0 + 2) << UsimApplet.IND_BITS | 4);
        byte[] c = sqn((s0 + 2) << UsimApplet.IND_BITS | 7);
        byte[] tooOld = sqn((s0 + 3 - UsimApplet.SEQ_DELTA) << UsimApplet.IND_BITS | 9);
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            p.verifyPin("1234");
            assertThat(p.umtsAuth(RAND, autn(a, ak, AMF, network.f1(RAND, a, AMF)))[0]).as("SEQ+3, IND 7").isEqualTo((byte) 0xDB);
            assertThat(p.umtsAuth(RAND, autn(b, ak, AMF, network.f1(RAND, b, AMF)))[0]).as("older SEQ, unused IND 4").isEqualTo((byte) 0xDB);
            assertThat(p.umtsAuth(RAND, autn(b, ak, AMF, network.f1(RAND, b, AMF)))[0]).as("the same again").isEqualTo((byte) 0xDC);
            byte[] auts = p.umtsAuth(RAND, autn(c, ak, AMF, network.f1(RAND, c, AMF)));
            assertThat(auts[0]).as("SEQ+2 on IND 7, which has seen SEQ+3").isEqualTo((byte) 0xDC);
            byte[] sqnMs = Arrays.copyOfRange(auts, 2, 8);
            Milenage.xorInto(sqnMs, network.f5star(RAND));
            assertThat(sqnMs).as("AUTS carries the highest SQN accepted").containsExactly(a);
            assertThat(p.umtsAuth(RAND, autn(tooOld, ak, AMF, network.f1(RAND, tooOld, AMF)))[0]).as("older than L").isEqualTo((byte) 0xDC);
        }
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            p.verifyPin("1234");
            assertThat(p.umtsAuth(RAND, autn(a, ak, AMF, network.f1(RAND, a, AMF)))[0]).as("the array survives a reopen").isEqualTo((byte) 0xDC);
            byte[] d = sqn((s0 + 1) << UsimApplet.IND_BITS | 10);
            assertThat(p.umtsAuth(RAND, autn(d, ak, AMF, network.f1(RAND, d, AMF)))[0]).isEqualTo((byte) 0xDB);
        }
    }

    static byte[] sqn(long v) {
        byte[] s = new byte[6];
        for (int i = 5; i >= 0; i--) {
            s[i] = (byte) v;
            v >>= 8;
        }
        return s;
    }

    @Test
    void authenticationNeedsThePinAndTriesArePersisted() {
        Path f = newStore("");
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            assertThat(p.umtsAuth(RAND, autn(SQN, AK, AMF, MAC_A))).containsExactly(0x69, 0x82);
            assertThat(sw(p.tx("0088008011 10" + Hex.encode(RAND)))).isEqualTo(0x6982);
            assertThat(p.tx("00A40004026F07")).startsWith(0x61);
            assertThat(p.tx("00B0000009")).as("IMSI read before PIN").containsExactly(0x69, 0x82);
            assertThat(p.tx("00A40004026FAD")).startsWith(0x61);
            assertThat(p.tx("00B0000004")).as("EF_AD needs no PIN").hasSize(6);
            assertThat(p.verifyPin("0000")).isEqualTo(0x63C2);
            assertThat(p.verifyPin("0001")).isEqualTo(0x63C1);
        }
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            assertThat(p.pinRetryStatus()).isEqualTo(0x63C1);
            assertThat(p.verifyPin("0002")).isEqualTo(0x6983);
            assertThat(p.verifyPin("1234")).isEqualTo(0x6983);
            assertThat(p.pinRetryStatus()).isEqualTo(0x6983);
        }
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            assertThat(p.verifyPin("1234")).isEqualTo(0x6983);
        }
    }

    @Test
    void aRightPinRestoresTheTriesAndAResetForgetsIt() {
        Path f = newStore("");
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs p = initUsim(open.card());
            assertThat(p.verifyPin("0000")).isEqualTo(0x63C2);
            assertThat(p.verifyPin("1234")).isEqualTo(0x9000);
            assertThat(p.pinRetryStatus()).isEqualTo(0x9000);
            open.card().reset();
            PcscFuncs q = initUsim(open.card());
            assertThat(q.pinRetryStatus()).isEqualTo(0x63C3);
        }
    }

    @Test
    void disabledPinIsAdvertisedAndNotNeeded() {
        try (OpenCard open = VirtualCards.open(newStore("pin-enabled = false"))) {
            PcscFuncs p = new PcscFuncs(open.card());
            byte[] fcp = p.selectAid(p.usimAid());
            assertThat(Fsp.psDo(fcp) & 0x80).isEqualTo(0);
            assertThat(p.imsi()).isEqualTo(IMSI);
            assertThat(p.umtsAuth(RAND, autn(SQN, AK, AMF, MAC_A))[0]).isEqualTo((byte) 0xDB);
        }
    }

    @Test
    void fileSystemAnswers() {
        try (OpenCard open = VirtualCards.open(newStore(""))) {
            SoftwareCard card = open.card();
            PcscFuncs p = new PcscFuncs(card);
            assertThat(Fsp.fileSize(p.select(0x2FE2))).isEqualTo(10);
            assertThat(p.readBinary(10)).containsExactly(Hex.decode("988812010000000010F7"));
            assertThat(p.tx("00A40004026F07")).as("EF_IMSI is not under the MF").containsExactly(0x6A, 0x82);
            assertThat(p.tx("00A40004027FFF")).as("7FFF before the USIM is active").containsExactly(0x6A, 0x82);
            assertThat(p.tx("00A4040C05A000000087")).as("partial AID, no FCP").containsExactly(0x90, 0x00);
            assertThat(p.tx("00A40004026F07")).startsWith(0x61);
            assertThat(p.tx("00A4000C023F00")).containsExactly(0x90, 0x00);
            assertThat(p.tx("00A4040410A0000000871002FFFFFFFF8907090001")).containsExactly(0x6A, 0x82);
            assertThat(p.tx("00A40004027FFF")).startsWith(0x61);
            assertThat(p.tx("00B2010420")).as("READ RECORD on a DF").containsExactly(0x69, 0x86);
            p.select(0x2F00);
            assertThat(p.tx("00B2020420")).containsExactly(0x6A, 0x83);
            assertThat(p.tx("00B0000001")).containsExactly(0x69, 0x81);
            assertThat(p.tx("00B2010400")).hasSize(34).endsWith(0x90, 0x00);
            assertThat(p.tx("80F2000000")).containsExactly(0x6E, 0x00);
            assertThat(p.tx("01A40004023F00")).containsExactly(0x68, 0x81);
            assertThat(p.tx("00CA000000")).containsExactly(0x6D, 0x00);
            assertThat(p.verifyPin("1234")).isEqualTo(0x9000);
            assertThat(p.tx("0088008111 10" + Hex.encode(RAND))).containsExactly(0x67, 0x00);
            assertThat(p.tx("0088008122 11" + Hex.encode(RAND) + "10" + Hex.encode(RAND))).containsExactly(0x6A, 0x80);
            assertThat(p.tx("0088008222 10" + Hex.encode(RAND) + "10" + Hex.encode(RAND))).containsExactly(0x6A, 0x86);
        }
    }

    @Test
    void authenticateNeedsTheUsimSelected() {
        try (OpenCard open = VirtualCards.open(newStore("pin-enabled = false"))) {
            PcscFuncs p = new PcscFuncs(open.card());
            assertThat(p.umtsAuth(RAND, autn(SQN, AK, AMF, MAC_A))).containsExactly(0x69, 0x85);
        }
    }

    @Test
    void atrIsAUiccAtrWithAValidChecksum() {
        try (OpenCard open = VirtualCards.open(newStore(""))) {
            byte[] atr = open.card().atr();
            assertThat(atr[0]).isEqualTo((byte) 0x3B);
            int x = 0;
            for (int i = 1; i < atr.length; i++) {
                x ^= atr[i];
            }
            assertThat(x).isZero();
        }
    }

    @Test
    void storeIsRecognisedAndKeepsNoPinInClear() throws Exception {
        Path f = newStore("");
        byte[] bytes = Files.readAllBytes(f);
        String raw = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).startsWith("SFNSIMC1").doesNotContain(IMSI).doesNotContainIgnoringCase(K).doesNotContainIgnoringCase(OPC);
        assertThat(SimCardStore.isSimStore(bytes)).isTrue();
        try (SimCardStore store = SimCardStore.open(f)) {
            assertThat(store.image().imsi).isEqualTo(IMSI);
            assertThat(store.image().pin.hash).isNotBlank();
        }
        assertThatThrownBy(() -> SimCards.create(f, SimProfile.parse("imsi=\"001010000000001\"\nk=\"" + K + "\"\nop=\"" + OPC
                + "\"\npin=\"1234\"", "x"))).hasMessageContaining("already exists");
    }

    @Test
    void theDocumentedProfileExampleMakesACardThatMatchesTheSubscriberExample() {
        java.nio.file.Path examples = java.nio.file.Path.of(System.getProperty("user.dir")).resolve("../docs/examples").normalize();
        SimProfile p = SimProfile.load(examples.resolve("usim.toml"));
        assertThat(p.imsi()).isEqualTo("001010000000001");
        assertThat(p.type()).isEqualTo("usim");
        assertThat(p.puk()).isNotNull();
        Path f = dir.resolve("example.sfn");
        SimCards.create(f, p);
        try (OpenCard open = VirtualCards.open(f)) {
            PcscFuncs c = initUsim(open.card());
            assertThat(c.verifyPin("1234")).isEqualTo(0x9000);
        }
    }

    @Test
    void profileErrorsNameTheKey() {
        assertThatThrownBy(() -> SimProfile.parse("imsi=\"12\"\nk=\"" + K + "\"\nopc=\"" + OPC + "\"\npin=\"1234\"", "p.toml"))
                .hasMessageContaining("p.toml").hasMessageContaining("imsi");
        assertThatThrownBy(() -> SimProfile.parse("imsi=\"001010000000001\"\nk=\"" + K + "\"\npin=\"1234\"", "p.toml"))
                .hasMessageContaining("opc");
        assertThatThrownBy(() -> SimProfile.parse("imsi=\"001010000000001\"\nk=\"00\"\nopc=\"" + OPC + "\"\npin=\"1234\"", "p.toml"))
                .hasMessageContaining("k must be 16 bytes");
        assertThatThrownBy(() -> SimProfile.parse("imsi=\"001010000000001\"\nkk=\"00\"", "p.toml"))
                .hasMessageContaining("p.toml");
        SimProfile fromOp = SimProfile.parse("imsi=\"001010000000001\"\nk=\"465b5ce8b199b49faa5f0a2ee238a6bc\"\n"
                + "op=\"cdc202d5123e20f62b6d676ac72cb318\"\npin=\"1234\"", "p.toml");
        assertThat(Hex.encode(fromOp.opc())).isEqualToIgnoringCase("cd63cb71954a9f4e48a5994e37a02baf");
        assertThat(fromOp.amf()).containsExactly(0x80, 0x00);
        assertThat(fromOp.sqn()).containsExactly(new byte[6]);
        assertThat(fromOp.mncLength()).isEqualTo(2);
    }
}
