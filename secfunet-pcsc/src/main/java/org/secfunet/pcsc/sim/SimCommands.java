package org.secfunet.pcsc.sim;

/**
 * The GSM SIM's and the USIM's commands, files and status words, written once for both sides: the
 * host driver ({@link SimCard}, {@link SimPinPad}) builds its APDUs from it and the software card
 * (secfunet-card's UsimApplet) dispatches on it. Each value cites GSM 11.11 (3GPP TS 51.011: the
 * SIM, class A0), ETSI TS 102 221 (the UICC, class 00) or 3GPP TS 31.102 (the USIM application);
 * the ISO/IEC 7816-4 status words a USIM shares with every card are {@link org.secfunet.apdu.StatusWord}'s.
 * docs/sim.md has the command table.
 */
public final class SimCommands {
    /** CLA of a GSM SIM command (GSM 11.11). */
    public static final int CLA_SIM = 0xA0;
    /** CLA of a UICC command on the basic logical channel, no secure messaging (ETSI TS 102 221). */
    public static final int CLA_USIM = 0x00;

    private SimCommands() {
    }

    /** Instruction bytes, the same in both classes. */
    public static final class Ins {
        /** SELECT (GSM 11.11 §9.2.1; TS 102 221 §11.1.1). */
        public static final int SELECT = 0xA4;
        /** READ BINARY (GSM 11.11 §9.2.3; TS 102 221 §11.1.3): P1 ‖ P2 the offset. */
        public static final int READ_BINARY = 0xB0;
        /** READ RECORD (GSM 11.11 §9.2.5; TS 102 221 §11.1.5): P1 the record number, P2 {@link Record#ABSOLUTE}. */
        public static final int READ_RECORD = 0xB2;
        /** VERIFY CHV (GSM 11.11 §9.2.9) / VERIFY PIN (TS 102 221 §11.1.9); without data (USIM), the tries left ({@link org.secfunet.apdu.StatusWord#WRONG_PIN_TRIES_LEFT 63Cx}). */
        public static final int VERIFY = 0x20;
        /** CHANGE CHV (GSM 11.11 §9.2.10) / CHANGE PIN (TS 102 221 §11.1.10): old ‖ new, two {@link Pin#FIELD}-byte fields. */
        public static final int CHANGE = 0x24;
        /** DISABLE CHV (GSM 11.11 §9.2.11) / DISABLE PIN (TS 102 221 §11.1.11): the PIN's field. */
        public static final int DISABLE = 0x26;
        /** ENABLE CHV (GSM 11.11 §9.2.12) / ENABLE PIN (TS 102 221 §11.1.12): the PIN's field. */
        public static final int ENABLE = 0x28;
        /** UNBLOCK CHV (GSM 11.11 §9.2.13) / UNBLOCK PIN (TS 102 221 §11.1.13): PUK ‖ new PIN; without data (USIM), the PUK's tries left. */
        public static final int UNBLOCK = 0x2C;
        /** RUN GSM ALGORITHM (GSM 11.11 §9.2.16), class A0: see {@link Auth}. */
        public static final int RUN_GSM_ALGORITHM = 0x88;
        /** AUTHENTICATE (TS 102 221 §11.1.16; the USIM's contexts TS 31.102 §7.1), class 00: see {@link Auth}. */
        public static final int AUTHENTICATE = 0x88;
        /** GET RESPONSE (GSM 11.11 §9.2.18 after {@link Sw#SIM_RESPONSE_READY}; TS 102 221 §12.1.1 after {@link Sw#RESPONSE_READY}). */
        public static final int GET_RESPONSE = 0xC0;

        private Ins() {
        }
    }

    /** SELECT's P1 and P2. */
    public static final class Select {
        /** GSM 11.11 §9.2.1: P1 and P2 are 00, the data a file id. */
        public static final int P_SIM = 0x00;
        /** TS 102 221 §11.1.1 P1: select a DF, an EF or the MF by its file id. */
        public static final int P1_BY_FID = 0x00;
        /** TS 102 221 §11.1.1 P1: select an application by (the start of) its AID. */
        public static final int P1_BY_NAME = 0x04;
        /** P2 00: ISO/IEC 7816-4's first or only occurrence, FCI; the software card answers the FCP as for {@link #P2_FCP}. */
        public static final int P2_FIRST = 0x00;
        /** TS 102 221 §11.1.1 P2: return the FCP template. */
        public static final int P2_FCP = 0x04;
        /** TS 102 221 §11.1.1 P2: return no data. */
        public static final int P2_NO_DATA = 0x0C;

        private Select() {
        }
    }

    /** READ RECORD's P2 (GSM 11.11 §9.2.5; TS 102 221 §11.1.5). */
    public static final class Record {
        /** Absolute mode, the current EF: P1 is the record number. */
        public static final int ABSOLUTE = 0x04;

        private Record() {
        }
    }

    /** PIN1 (CHV1) and PUK1 of the PIN commands. */
    public static final class Pin {
        /** P2 of PIN1: CHV1 (GSM 11.11 §9.2.9), key reference 01 (TS 102 221 §9.5.1). */
        public static final int P2_PIN1 = 0x01;
        /** P2 of a SIM's UNBLOCK CHV naming CHV1 (GSM 11.11 §9.2.13). */
        public static final int P2_SIM_UNBLOCK_CHV1 = 0x00;
        /** P1 of every PIN command. */
        public static final int P1 = 0x00;
        /** A PIN (or PUK) field: 8 bytes, ASCII digits padded with {@link #PAD} (GSM 11.11 §9.2.9; TS 102 221 §11.1.9). */
        public static final int FIELD = 8;
        /** The shortest PIN, 4 digits (GSM 11.11, TS 102 221). */
        public static final int MIN_PIN = 4;
        /** A PUK has all 8 digits (GSM 11.11, TS 102 221). */
        public static final int PUK_DIGITS = 8;
        /** The padding of a PIN field. */
        public static final byte PAD = (byte) 0xFF;

        private Pin() {
        }
    }

    /** RUN GSM ALGORITHM (GSM 11.11 §9.2.16) and AUTHENTICATE (TS 31.102 §7.1). */
    public static final class Auth {
        /** P1 of both. */
        public static final int P1 = 0x00;
        /** RUN GSM ALGORITHM's P2 (GSM 11.11 §9.2.16). */
        public static final int P2_RUN_GSM_ALGORITHM = 0x00;
        /** AUTHENTICATE P2: specific to the ADF (bit 8), GSM security context (TS 31.102 §7.1). */
        public static final int P2_GSM_CONTEXT = 0x80;
        /** AUTHENTICATE P2: specific to the ADF (bit 8), 3G security context (TS 31.102 §7.1). */
        public static final int P2_3G_CONTEXT = 0x81;
        /** RAND and AUTN are 16 bytes (length-prefixed in AUTHENTICATE's data). */
        public static final int RAND_LENGTH = 16;
        public static final int AUTN_LENGTH = 16;
        /** SRES (4 bytes) ‖ Kc (8 bytes): RUN GSM ALGORITHM's answer; length-prefixed in a GSM-context AUTHENTICATE's. */
        public static final int SRES_LENGTH = 4;
        public static final int KC_LENGTH = 8;
        /** 3G context answer tag: successful, RES, CK, IK (and Kc) follow length-prefixed (TS 31.102 §7.1). */
        public static final int TAG_SUCCESS = 0xDB;
        /** 3G context answer tag: synchronisation failure, AUTS follows length-prefixed (TS 31.102 §7.1). */
        public static final int TAG_SYNC_FAILURE = 0xDC;
        /** AUTS: SQN_MS ⊕ AK* (6) ‖ MAC-S (8). */
        public static final int AUTS_LENGTH = 14;

        private Auth() {
        }
    }

    /** File ids and what SimCard reads in the files. */
    public static final class Files {
        /** The MF (GSM 11.11; TS 102 221). */
        public static final int MF = 0x3F00;
        /** EF_ICCID under the MF (GSM 11.11 §10.1.1; TS 102 221 §13.2). */
        public static final int EF_ICCID = 0x2FE2;
        /** EF_DIR under the MF, the applications' templates (TS 102 221 §13.1). */
        public static final int EF_DIR = 0x2F00;
        /** DF_GSM (GSM 11.11). */
        public static final int DF_GSM = 0x7F20;
        /** The current application's ADF, once selected by AID (TS 102 221). */
        public static final int ADF_CURRENT = 0x7FFF;
        /** EF_IMSI (GSM 11.11 §10.3.2; TS 31.102 §4.2.2): a length byte, then BCD digits after the parity nibble; 9 bytes. */
        public static final int EF_IMSI = 0x6F07;
        public static final int EF_IMSI_LENGTH = 9;
        /** EF_AD, administrative data (GSM 11.11 §10.3.18; TS 31.102 §4.2.18): byte 4's low nibble is the MNC length. */
        public static final int EF_AD = 0x6FAD;
        public static final int EF_AD_MNC_LENGTH = 4;
        /** EF_DIR record (TS 102 221 §13.1): application template 61 { AID 4F, label 50 }. */
        public static final int DIR_APPLICATION_TEMPLATE = 0x61;
        public static final int DIR_AID = 0x4F;
        public static final int DIR_LABEL = 0x50;

        private Files() {
        }
    }

    /**
     * The GSM 11.11 §9.2.1 response to SELECT of the MF or a DF, as 0-based offsets: byte 14, the file
     * characteristics (bit 8 set: CHV1 disabled), and byte 19, CHV1's status (bit 8 set: initialised,
     * bits 1-4: the tries left).
     */
    public static final class GsmDfStatus {
        public static final int FILE_CHARACTERISTICS = 13;
        public static final int CHV1_DISABLED = 0x80;
        public static final int CHV1_STATUS = 18;
        public static final int CODE_INITIALISED = 0x80;
        public static final int TRIES_LEFT = 0x0F;

        private GsmDfStatus() {
        }
    }

    /** Status words of the SIM and the USIM beyond {@link org.secfunet.apdu.StatusWord}'s. */
    public static final class Sw {
        /** 9F xx (GSM 11.11 §9.4.1): xx bytes of answer ready for GET RESPONSE (class A0). */
        public static final int SIM_RESPONSE_READY = 0x9F00;
        /** 61 xx (TS 102 221): xx bytes of answer ready for GET RESPONSE (class 00). */
        public static final int RESPONSE_READY = 0x6100;
        /** 6C xx (TS 102 221): wrong Le, xx is the right one. */
        public static final int WRONG_LE = 0x6C00;
        /** SW1 68 (TS 102 221, ISO/IEC 7816-4): functions in CLA not supported, as a GSM-only card may answer class 00. */
        public static final int CLA_FUNCTIONS_NOT_SUPPORTED_SW1 = 0x68;
        /** 98 62 (TS 31.102, TS 102 221): AUTHENTICATE's authentication error, incorrect MAC. */
        public static final int AUTH_MAC_FAILURE = 0x9862;
        /** 94 00 (GSM 11.11 §9.4.4): no EF selected. */
        public static final int SIM_NO_EF_SELECTED = 0x9400;
        /** 94 02 (GSM 11.11 §9.4.4): out of range (invalid address). */
        public static final int SIM_OUT_OF_RANGE = 0x9402;
        /** 94 04 (GSM 11.11 §9.4.4): file id not found. */
        public static final int SIM_FILE_NOT_FOUND = 0x9404;
        /** 94 08 (GSM 11.11 §9.4.4): file inconsistent with the command. */
        public static final int SIM_FILE_INCONSISTENT = 0x9408;
        /** 98 04 (GSM 11.11 §9.4.5): access condition not fulfilled, unsuccessful CHV verification, at least one attempt left. */
        public static final int SIM_CHV_WRONG = 0x9804;
        /** 98 08 (GSM 11.11 §9.4.5): in contradiction with CHV status. */
        public static final int SIM_CHV_CONTRADICTION = 0x9808;
        /** 98 40 (GSM 11.11 §9.4.5): unsuccessful CHV verification, no attempt left (CHV blocked, or UNBLOCK CHV blocked). */
        public static final int SIM_CHV_BLOCKED = 0x9840;

        private Sw() {
        }
    }
}
