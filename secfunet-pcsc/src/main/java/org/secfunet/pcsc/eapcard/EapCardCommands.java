package org.secfunet.pcsc.eapcard;

import org.secfunet.apdu.Hex;

/**
 * The EAP-TLS card's command set, written once for both sides: the host driver
 * ({@link EapSmartcard}) builds its APDUs from it and the card (secfunet-card's EapTlsApplet)
 * dispatches on it. Each value cites its draft-urien-eap-smartcard-38 section ("§9.11") or says
 * "SecFuNet" for the additions of docs/eap-card.md, where the whole command table is.
 */
public final class EapCardCommands {
    /** F0 "SECFUNET" 02: proprietary RID F0, application 2 (1 is the test applet). */
    private static final byte[] AID = Hex.decode("F0 53 45 43 46 55 4E 45 54 02");
    /** CLA of every card command: the draft's A0 (§9, §9.23); other classes are refused with 6E00. */
    public static final int CLA = 0xA0;

    private EapCardCommands() {
    }

    /** The applet's AID (a copy). */
    public static byte[] aid() {
        return AID.clone();
    }

    /** ISO/IEC 7816-4 SELECT by DF name (§9.4), the one command sent with CLA 00. */
    public static final class Select {
        public static final int CLA = 0x00;
        public static final int INS = 0xA4;
        public static final int P1_BY_NAME = 0x04;
        public static final int P2_FIRST = 0x00;

        private Select() {
        }
    }

    /** Instruction bytes (CLA A0). */
    public static final class Ins {
        /** Verify PIN (§9.3.1): P2 {@link Pin#USER} or {@link Pin#UNBLOCK}; without data, the status. */
        public static final int VERIFY = 0x20;
        /** Change PIN (§9.3.2): old ‖ new, two 8-byte fields. */
        public static final int CHANGE_PIN = 0x24;
        /** Disable PIN (§9.3.4): ISO 7816-4's DISABLE VERIFICATION code, where the draft has 28. */
        public static final int DISABLE_PIN = 0x26;
        /** Enable PIN (§9.3.3): ISO 7816-4's ENABLE VERIFICATION code, where the draft has 26. */
        public static final int ENABLE_PIN = 0x28;
        /** Unblock PIN (§9.3.5): PUK ‖ new PIN. */
        public static final int UNBLOCK_PIN = 0x2C;
        /** Set-Identity (§9.11): P1 {@link Identity#EAP_SESSION} or SecFuNet {@link Identity#TLS_PROXY_SESSION}, P2 {@link Identity#SET}. */
        public static final int SET_IDENTITY = 0x16;
        /** Get-Next-Identity (§9.9), Get-Preferred-Identity (§9.7), Add-Identity (§9.5), Delete-Identity (§9.6), by P2 (see {@link Identity}). */
        public static final int IDENTITIES = 0x17;
        /** Get-Current-Identity (§9.8). */
        public static final int GET_CURRENT_IDENTITY = 0x18;
        /** Get-State (§9.17, P1 {@link State#GET}) / Reset-State (§9.18, P1 {@link State#RESET}). */
        public static final int STATE = 0x19;
        /** Process-EAP (§9.13.1): one EAP packet, P1 bit 0 {@link #MORE} while parts follow. */
        public static final int PROCESS_EAP = 0x80;
        /** FETCH (§9.23): the next block of a long answer after {@link Sw#FETCH_MORE}, as the draft's traces do. */
        public static final int FETCH = 0x12;
        /** Get-Session-Key (§9.15): the {@link #MSK_LENGTH}-byte MSK after success. */
        public static final int GET_SESSION_KEY = 0xA6;
        /** Get-Exported-Parameter (§9.19): one byte of data, the index (see {@link Parameter}). */
        public static final int GET_EXPORTED_PARAMETER = 0x86;
        /** SecFuNet key export: the record-layer keys once per successful session (see {@link KeyExport}). */
        public static final int KEY_EXPORT = 0x8A;
        /** SecFuNet mode 1 SIGN (the idea of the draft's Method-FCT, §9.21): P1 the algorithm, P2 the digest's hash (see {@link Sign}). */
        public static final int SIGN = 0x62;
        /** SecFuNet mode 1 DECRYPT: RSA PKCS#1 v1.5 (the draft's Private-Key-Decryption, §7.2, with an own code). */
        public static final int DECRYPT = 0x64;
        /** SecFuNet GET DATA (ISO 7816-4's code): public data by P1/P2 (see {@link GetData}). */
        public static final int GET_DATA = 0xCA;
        /** SecFuNet issuer personalization PUT DATA: P1 bit 0 {@link #MORE}, P2 the tag (see {@link PutData}). */
        public static final int PUT_DATA = 0xD0;
        /** SecFuNet issuer personalization GENERATE KEY: P1 the key type (see {@link KeyType}). */
        public static final int GENERATE_KEY = 0xD4;

        /** P1 bit 0 of Process-EAP and PUT DATA: more parts of the same data follow (§9.2.1). */
        public static final int MORE = 0x01;
        /** Get-Session-Key's Le, 40 (§9.15): the MSK (RFC 5216 order, never the EMSK). */
        public static final int MSK_LENGTH = 64;

        private Ins() {
        }
    }

    /** P2 of the PIN commands: which PIN (the draft has only the user PIN, P2 00, §9.3). */
    public static final class Pin {
        public static final int USER = 0x00;
        /** The unblock PIN (PUK), also the issuer's authentication (the draft's Secure(ISSUER)). */
        public static final int UNBLOCK = 0x01;

        private Pin() {
        }
    }

    /** P1/P2 of Set-Identity and of the identity commands (INS 17). */
    public static final class Identity {
        /** Set-Identity P1: an EAP session (§9.11, the draft's only kind). */
        public static final int EAP_SESSION = 0x00;
        /** SecFuNet Set-Identity P1: a TLS proxy session (Process-EAP ends with {@link Sw#TLS_PROXY_DONE}). */
        public static final int TLS_PROXY_SESSION = 0x01;
        /** Set-Identity P2 (§9.11). */
        public static final int SET = 0x80;
        /** Get-Next-Identity P2 (§9.9). */
        public static final int NEXT = 0x01;
        /** Get-Preferred-Identity P2 (§9.7). */
        public static final int PREFERRED = 0x02;
        /** Add-Identity P2 (§9.5): "label\0eap-id\0role"; SecFuNet P1 {@link #MAKE_PREFERRED} also makes it preferred. */
        public static final int ADD = 0x81;
        /** Delete-Identity P2 (§9.6): the label. */
        public static final int DELETE = 0x82;
        /** Add-Identity P1 bit 0. */
        public static final int MAKE_PREFERRED = 0x01;

        private Identity() {
        }
    }

    /** Get-State (§9.17) / Reset-State (§9.18) P1, and the states Get-State answers (§9.17). */
    public static final class State {
        public static final int GET = 0x00;
        public static final int RESET = 0x10;
        public static final int IDENTITY_NOT_SET = 1;
        public static final int AUTHENTICATING = 2;
        public static final int AUTHENTICATED = 3;
        public static final int NOT_AUTHENTICATED = 4;

        private State() {
        }
    }

    /** Get-Exported-Parameter indexes, the data byte (§5.15). */
    public static final class Parameter {
        public static final int PEER_ID = 0x01;
        public static final int SERVER_ID = 0x02;
        public static final int METHOD_ID = 0x03;
        public static final int SESSION_ID = 0x04;
        /** Four bytes, seconds. */
        public static final int KEY_LIFETIME = 0x05;
        /** Channel bindings: the card has none (6A88). */
        public static final int CHANNEL_BINDINGS = 0x06;
        /** SecFuNet: why the last EAP method failed, as text. */
        public static final int FAILURE_REASON = 0x10;
        /** SecFuNet: the ALPN protocol the server chose (RFC 7301), UTF-8; empty when none. */
        public static final int APPLICATION_PROTOCOL = 0x11;
        /** SecFuNet: the peer's certificate chain, one DER certificate per index from here, leaf first (6A88 past the end). */
        public static final int PEER_CERTIFICATE = 0x20;
        /** How many peer certificates the card answers at most ({@link #PEER_CERTIFICATE} to {@code PEER_CERTIFICATE + 7}). */
        public static final int PEER_CERTIFICATES = 8;

        private Parameter() {
        }
    }

    /** GET DATA P1 (and P2 where fixed). */
    public static final class GetData {
        /** P1 01 P2 01: the 16-byte serial number. */
        public static final int SERIAL = 0x01;
        public static final int SERIAL_P2 = 0x01;
        public static final int SERIAL_LENGTH = 16;
        /** P1 02: the P2-th certificate of the card's own chain, leaf first. */
        public static final int CHAIN_CERTIFICATE = 0x02;
        /** P1 03: the P2-th certificate of the CA set. */
        public static final int CA_CERTIFICATE = 0x03;
        /** P1 04 P2 00: the card key's SubjectPublicKeyInfo. */
        public static final int PUBLIC_KEY = 0x04;

        private GetData() {
        }
    }

    /** SecFuNet PUT DATA tags (P2). */
    public static final class PutData {
        /** PKCS#8; clears the chain. */
        public static final int PRIVATE_KEY = 0x01;
        /** Appends a certificate to the own chain (the first must match the key). */
        public static final int CHAIN_APPEND = 0x02;
        public static final int CA_ADD = 0x03;
        public static final int CLEAR_CREDENTIALS = 0x04;
        public static final int CLEAR_CAS = 0x05;
        /** ASCII, e.g. "1.2,1.3". */
        public static final int TLS_VERSIONS = 0x06;

        private PutData() {
        }
    }

    /** SecFuNet GENERATE KEY key types (P1). */
    public static final class KeyType {
        public static final int EC_P256 = 0x01;
        public static final int EC_P384 = 0x02;
        public static final int RSA_2048 = 0x03;
        public static final int RSA_3072 = 0x04;
        public static final int RSA_4096 = 0x05;

        private KeyType() {
        }
    }

    /** SecFuNet mode 1 SIGN: algorithm (P1) and the hash the digest was made with (P2). */
    public static final class Sign {
        /** DER signature. */
        public static final int ECDSA = 0x01;
        public static final int RSA_PKCS1 = 0x02;
        /** Salt length = hash length, MGF1 with the same hash. */
        public static final int RSA_PSS = 0x03;
        public static final int SHA256 = 0x01;
        public static final int SHA384 = 0x02;
        public static final int SHA512 = 0x03;

        private Sign() {
        }
    }

    /** SecFuNet key export TLV tags (tag ‖ length(1) ‖ value). */
    public static final class KeyExport {
        /** 0303 or 0304. */
        public static final int VERSION = 0x01;
        public static final int CIPHER_SUITE = 0x02;
        public static final int CLIENT_WRITE_KEY = 0x03;
        public static final int SERVER_WRITE_KEY = 0x04;
        /** TLS 1.2 salt: 4 bytes for GCM, 12 for ChaCha20. */
        public static final int CLIENT_WRITE_IV = 0x05;
        public static final int SERVER_WRITE_IV = 0x06;
        /** Next sequence numbers, 8 bytes each. */
        public static final int CLIENT_SEQUENCE = 0x07;
        public static final int SERVER_SEQUENCE = 0x08;
        /** TLS 1.3 application traffic secrets. */
        public static final int CLIENT_TRAFFIC_SECRET = 0x09;
        public static final int SERVER_TRAFFIC_SECRET = 0x0A;
        /** Length of the version and cipher suite values: TLS's ProtocolVersion and CipherSuite (RFC 8446 §4.1.2). */
        public static final int CODE_LENGTH = 2;
        /** Length of the sequence number values: TLS's uint64 (RFC 8446 §5.3, RFC 5246 §6.1). */
        public static final int SEQUENCE_LENGTH = 8;

        private KeyExport() {
        }
    }

    /**
     * Status words of this card beyond {@link org.secfunet.apdu.StatusWord}'s ISO/IEC 7816-4 ones (which
     * also name the draft's 7000 and 7001, §9.1).
     */
    public static final class Sw {
        /** SecFuNet: in a TLS proxy session, Process-EAP's answer carrying the card's last flight. */
        public static final int TLS_PROXY_DONE = 0x9001;
        /** 9F xx (§9.1): xx (00: 256 or more) bytes ready for FETCH. */
        public static final int FETCH_MORE = 0x9F00;
        /** 63 xx (§9.1): PIN needed or wrong, xx tries left (the draft's plain count, not ISO's 63 Cx). */
        public static final int PIN_TRIES_LEFT = 0x6300;
        /** 6C xx (§9.1): wrong Le, xx is the right one (identity labels). */
        public static final int WRONG_LE = 0x6C00;

        private Sw() {
        }
    }
}
