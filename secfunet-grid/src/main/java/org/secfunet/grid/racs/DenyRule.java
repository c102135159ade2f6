package org.secfunet.grid.racs;

import org.secfunet.apdu.Hex;

/**
 * One APDU firewall entry (the draft's APDU-Table): a command is refused when its first four
 * bytes (CLA INS P1 P2) AND {@code mask} equal {@code prefix}.
 */
public record DenyRule(int prefix, int mask) {
    public DenyRule {
        if ((prefix & ~mask) != 0) {
            throw new IllegalArgumentException("prefix " + Hex.encode(bytes(prefix)) + " has bits outside mask " + Hex.encode(bytes(mask))
                    + " (the rule could never match)");
        }
    }

    /** From two 8-digit hex strings. */
    public static DenyRule parse(String prefixHex, String maskHex) {
        return new DenyRule(header("prefix", prefixHex), header("mask", maskHex));
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

    /** Whether the command (at least 4 bytes) is refused by this rule. */
    public boolean matches(byte[] command) {
        return (RacsHex.header(command) & mask) == prefix;
    }

    private static byte[] bytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Override
    public String toString() {
        return "deny " + Hex.encode(bytes(prefix)) + "/" + Hex.encode(bytes(mask));
    }
}
