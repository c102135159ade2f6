package org.secfunet.apdu;

/**
 * Catalogue of status words (ISO/IEC 7816-4 and the EAP smart card of draft-urien-eap-smartcard)
 * with their meanings.
 */
public final class StatusWord {
    public static final int OK = 0x9000;
    public static final int WRONG_LENGTH = 0x6700;
    /** 63 Cx: verification failed, x (the low nibble) tries left. */
    public static final int WRONG_PIN_TRIES_LEFT = 0x63C0;
    public static final int LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881;
    public static final int COMMAND_INCOMPATIBLE_WITH_FILE = 0x6981;
    public static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;
    public static final int AUTH_METHOD_BLOCKED = 0x6983;
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    public static final int COMMAND_NOT_ALLOWED = 0x6986;
    public static final int WRONG_DATA = 0x6A80;
    public static final int FUNCTION_NOT_SUPPORTED = 0x6A81;
    public static final int FILE_NOT_FOUND = 0x6A82;
    public static final int RECORD_NOT_FOUND = 0x6A83;
    public static final int NOT_ENOUGH_MEMORY = 0x6A84;
    public static final int INCORRECT_P1P2 = 0x6A86;
    public static final int REFERENCED_DATA_NOT_FOUND = 0x6A88;
    public static final int WRONG_P1P2 = 0x6B00;
    public static final int INS_NOT_SUPPORTED = 0x6D00;
    public static final int CLA_NOT_SUPPORTED = 0x6E00;
    public static final int NO_PRECISE_DIAGNOSIS = 0x6F00;
    public static final int LAST_COMMAND_OF_CHAIN_EXPECTED = 0x6883;
    public static final int CHAINING_NOT_SUPPORTED = 0x6884;
    public static final int MEMORY_FAILURE = 0x6581;
    public static final int EAP_NO_RESPONSE = 0x7000;
    public static final int EAP_AUTH_FAILURE = 0x7001;

    private StatusWord() {
    }

    /** A short human meaning for any status word; never null. */
    public static String describe(int sw) {
        int sw1 = (sw >> 8) & 0xFF;
        int sw2 = sw & 0xFF;
        switch (sw) {
            case 0x9000: return "success";
            case 0x6200: return "warning: no information given, non-volatile memory unchanged";
            case 0x6281: return "warning: part of returned data may be corrupted";
            case 0x6282: return "warning: end of file or record reached before reading Ne bytes";
            case 0x6283: return "warning: selected file deactivated";
            case 0x6284: return "warning: file control information not formatted correctly";
            case 0x6300: return "warning: verification failed (no tries information)";
            case 0x6381: return "warning: file filled up by the last write";
            case 0x6400: return "execution error: non-volatile memory unchanged";
            case 0x6500: return "execution error: non-volatile memory changed";
            case 0x6581: return "execution error: memory failure";
            case 0x6700: return "wrong length (Lc or Le)";
            case 0x6800: return "functions in CLA not supported";
            case 0x6881: return "logical channel not supported";
            case 0x6882: return "secure messaging not supported";
            case 0x6883: return "last command of the chain expected";
            case 0x6884: return "command chaining not supported";
            case 0x6900: return "command not allowed";
            case 0x6981: return "command incompatible with file structure";
            case 0x6982: return "security status not satisfied (PIN not verified?)";
            case 0x6983: return "authentication method blocked (PIN blocked)";
            case 0x6984: return "reference data not usable";
            case 0x6985: return "conditions of use not satisfied";
            case 0x6986: return "command not allowed (no current EF)";
            case 0x6987: return "expected secure messaging data objects missing";
            case 0x6988: return "incorrect secure messaging data objects";
            case 0x6A80: return "incorrect parameters in the data field";
            case 0x6A81: return "function not supported";
            case 0x6A82: return "file or application not found";
            case 0x6A83: return "record not found";
            case 0x6A84: return "not enough memory space in the file";
            case 0x6A85: return "Nc inconsistent with TLV structure";
            case 0x6A86: return "incorrect parameters P1-P2";
            case 0x6A87: return "Nc inconsistent with parameters P1-P2";
            case 0x6A88: return "referenced data or reference data not found";
            case 0x6A89: return "file already exists";
            case 0x6A8A: return "DF name already exists";
            case 0x6B00: return "wrong parameters P1-P2";
            case 0x6D00: return "instruction code not supported or invalid";
            case 0x6E00: return "class not supported";
            case 0x6F00: return "no precise diagnosis (technical problem)";
            case 0x7000: return "EAP packet silently discarded (no EAP response)";
            case 0x7001: return "EAP authentication failure";
            default: break;
        }
        switch (sw1) {
            case 0x61: return (sw2 == 0 ? "256 or more" : Integer.toString(sw2)) + " response bytes still available (GET RESPONSE)";
            case 0x6C: return "wrong Le: resend with Le=" + (sw2 == 0 ? 256 : sw2);
            case 0x9F: return (sw2 == 0 ? "256 or more" : Integer.toString(sw2)) + " response bytes ready (FETCH)";
            case 0x63:
                if ((sw2 & 0xF0) == 0xC0) {
                    return "verification failed, " + (sw2 & 0x0F) + " tries left";
                }
                return "PIN presentation required or failed, " + sw2 + " tries left (EAP card)";
            case 0x62: return "warning, non-volatile memory unchanged (" + Hex.byteHex(sw2) + ")";
            case 0x64: return "execution error, non-volatile memory unchanged (" + Hex.byteHex(sw2) + ")";
            case 0x65: return "execution error, non-volatile memory changed (" + Hex.byteHex(sw2) + ")";
            case 0x66: return "security-related issue (" + Hex.byteHex(sw2) + ")";
            case 0x67: return "wrong length (" + Hex.byteHex(sw2) + ")";
            case 0x68: return "functions in CLA not supported (" + Hex.byteHex(sw2) + ")";
            case 0x69: return "command not allowed (" + Hex.byteHex(sw2) + ")";
            case 0x6A: return "wrong parameters P1-P2 (" + Hex.byteHex(sw2) + ")";
            case 0x6B: return "wrong parameters P1-P2";
            case 0x6D: return "instruction code not supported or invalid";
            case 0x6E: return "class not supported";
            case 0x6F: return "no precise diagnosis (technical problem)";
            case 0x90: return "success (" + Hex.byteHex(sw2) + ")";
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: case 0x98:
            case 0x99: case 0x9A: case 0x9B: case 0x9C: case 0x9D: case 0x9E:
                return "application-specific: " + (sw2 == 0 ? 256 : sw2) + " bytes ready";
            default: return "unknown status word";
        }
    }

    /** "9000 (success)". */
    public static String format(int sw) {
        return Hex.shortHex(sw) + " (" + describe(sw) + ")";
    }
}
