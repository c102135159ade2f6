package org.secfunet.service;

/**
 * A peer's text made safe for one log line: every service logs names and fields that a peer
 * chose (a RADIUS User-Name, an auc request, a certificate CN, a VM's request line), and a newline
 * or a terminal escape in them must not forge a line nor repaint the operator's terminal. Control
 * characters (C0, DEL, C1) become {@code \xHH} (a newline {@code \x0A}, ESC {@code \x1B}), the
 * Unicode line and paragraph separators {@code \}{@code u2028} and {@code \}{@code u2029};
 * everything else, a backslash too (a Windows domain user name), is left as it is. It lives in the
 * service kit because every module that logs (grid, radius, cli) depends on it and nothing below
 * them logs.
 */
public final class LogText {
    /** Unicode LINE SEPARATOR and PARAGRAPH SEPARATOR (Unicode 15, §5.8): line breaks to a log viewer. */
    private static final char LINE_SEPARATOR = '\u2028';
    private static final char PARAGRAPH_SEPARATOR = '\u2029';
    /** DEL (ISO 646) and the end of the C1 control block (ISO 6429). */
    private static final char DEL = 0x7F;
    private static final char C1_LAST = 0x9F;

    private LogText() {
    }

    /** {@code text} with its control characters escaped; "null" for null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c <= 0xFF) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.toString();
    }

    /** {@code text}'s string form escaped (for an exception message or a record a peer filled). */
    public static String escape(Object value) {
        return escape(value == null ? null : value.toString());
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= DEL && c <= C1_LAST) || c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR;
    }
}
