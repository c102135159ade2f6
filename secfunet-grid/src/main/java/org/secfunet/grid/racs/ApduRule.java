package org.secfunet.grid.racs;

import org.secfunet.apdu.Hex;

/**
 * One APDU firewall entry (the draft's APDU-Table), for a deny or an allow list: a command header
 * (CLA INS P1 P2) matches when, bit for bit under {@code mask}, it equals {@code prefix}; but
 * unless {@code exactCla}, CLA is compared by its class only ({@link #claClass}: FF or not), so a
 * rule holds whatever class, logical channel, secure messaging and chaining bits a command has.
 */
public record ApduRule(int prefix, int mask, boolean exactCla) {
    /** Every CLA but FF: a command for the card, in whatever class, channel, secure messaging or chaining form. */
    static final int CLASS_CARD = 0x00;
    /** ISO/IEC 7816-4 §5.4.1: FF is no class (PPS); PC/SC readers take FF commands as their own (PC/SC part 3). */
    static final int CLASS_READER = 0xFF;
    private static final int CLA_MASK = 0xFF00_0000;

    public ApduRule {
        if ((prefix & ~mask) != 0) {
            throw new IllegalArgumentException("prefix " + Hex.encode(bytes(prefix)) + " has bits outside mask " + Hex.encode(bytes(mask))
                    + " (the rule could never match)");
        }
    }

    /** A rule on the class of CLA, from two 8-digit hex strings. */
    public static ApduRule parse(String prefixHex, String maskHex) {
        return parse(prefixHex, maskHex, false);
    }

    /** From two 8-digit hex strings; {@code exactCla}: CLA compared bit for bit under the mask. */
    public static ApduRule parse(String prefixHex, String maskHex, boolean exactCla) {
        return new ApduRule(header("prefix", prefixHex), header("mask", maskHex), exactCla);
    }

    private static int header(String what, String hex) {
        if (hex == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (hex.length() != 8 || !RacsHex.isHex(hex)) {
            throw new IllegalArgumentException(what + " must be 8 hex digits (CLA INS P1 P2), not '" + hex + "'");
        }
        return (int) Long.parseLong(hex, 16);
    }

    /**
     * The class of a CLA byte as a rule sees it: {@link #CLASS_READER} for FF, else
     * {@link #CLASS_CARD}. None of the other bits may count: ISO/IEC 7816-4 §5.4.1 puts channel,
     * secure messaging and chaining bits in 0X and 4X-7X, GlobalPlatform mirrors them in 8X, CX
     * and EX, the EAP-TLS card and GSM use A0, and a card may take one command in several classes
     * (the test card takes VERIFY in 00-03 and 80-83), so only INS P1 P2 can be relied on.
     */
    static int claClass(int cla) {
        return (cla & 0xFF) == CLASS_READER ? CLASS_READER : CLASS_CARD;
    }

    /** Whether the command (at least 4 bytes) matches this rule. */
    public boolean matches(byte[] command) {
        int h = RacsHex.header(command);
        if (exactCla) {
            return (h & mask) == prefix;
        }
        if ((mask & CLA_MASK) != 0 && claClass(h >>> 24) != claClass(prefix >>> 24)) {
            return false;
        }
        return (h & mask & ~CLA_MASK) == (prefix & ~CLA_MASK);
    }

    private static byte[] bytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Override
    public String toString() {
        return Hex.encode(bytes(prefix)) + "/" + Hex.encode(bytes(mask)) + (exactCla ? " exact CLA" : "");
    }
}
