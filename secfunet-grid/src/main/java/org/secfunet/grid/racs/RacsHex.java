package org.secfunet.grid.racs;

import java.util.HexFormat;

/** Strict hex for RACS tokens: digits only, no separators, even length. */
final class RacsHex {
    private static final HexFormat UPPER = HexFormat.of().withUpperCase();

    private RacsHex() {
    }

    static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an even-length hex token, or null when it is not one. */
    static byte[] decodeOrNull(String s) {
        if (s.isEmpty() || s.length() % 2 != 0 || !isHex(s)) {
            return null;
        }
        return HexFormat.of().parseHex(s);
    }

    static String encode(byte[] b) {
        return UPPER.formatHex(b);
    }

    /** CLA INS P1 P2 as one int (the command has at least 4 bytes). */
    static int header(byte[] command) {
        return (command[0] & 0xFF) << 24 | (command[1] & 0xFF) << 16 | (command[2] & 0xFF) << 8 | (command[3] & 0xFF);
    }
}
