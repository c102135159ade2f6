package org.secfunet.apdu;

import java.util.HexFormat;

/** Hex text to bytes and back; accepts spaces, colons and a leading {@code 0x} in input. */
public final class Hex {
    private static final HexFormat UPPER = HexFormat.of().withUpperCase();
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    /** Decodes hex text; whitespace, ':' and '-' separators are ignored; anything else is a {@link HexFormatException}. */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new HexFormatException("hex text is missing");
        }
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ':' || c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new HexFormatException("not a hex digit: '" + c + "' at position " + (i + 1) + " of \"" + text + "\"");
            }
            clean.append(c);
        }
        if (clean.length() % 2 != 0) {
            throw new HexFormatException("odd number of hex digits (" + clean.length() + ") in \"" + text + "\"");
        }
        return HexFormat.of().parseHex(clean);
    }

    public static String encode(byte[] bytes) {
        return UPPER.formatHex(bytes);
    }

    public static String encode(byte[] bytes, int from, int to) {
        return UPPER.formatHex(bytes, from, to);
    }

    /** Bytes as "00 A4 04 00". */
    public static String spaced(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    public static String spaced(byte[] bytes, int from, int to) {
        return SPACED.formatHex(bytes, from, to);
    }

    /** Two hex digits. */
    public static String byteHex(int b) {
        return UPPER.toHexDigits((byte) b);
    }

    /** Four hex digits. */
    public static String shortHex(int s) {
        return UPPER.toHexDigits((short) s);
    }

    /** A classic 16-bytes-a-line dump with offsets, each line prefixed by {@code indent}. */
    public static String dump(byte[] bytes, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int off = 0; off < bytes.length; off += 16) {
            int end = Math.min(bytes.length, off + 16);
            sb.append(indent).append(UPPER.toHexDigits((short) off)).append("  ");
            for (int i = off; i < off + 16; i++) {
                if (i < end) {
                    sb.append(UPPER.toHexDigits(bytes[i])).append(' ');
                } else {
                    sb.append("   ");
                }
                if (i == off + 7) {
                    sb.append(' ');
                }
            }
            sb.append(' ');
            for (int i = off; i < end; i++) {
                int c = bytes[i] & 0xFF;
                sb.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
