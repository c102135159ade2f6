package org.secfunet.grid.racs.client;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A RACS response as the client reads it: the status lines between {@code BEGIN} and {@code END}.
 * Parsing only; no I/O.
 */
public record RacsReply(List<Status> lines) {

    /** One status line: {@code <sign><class><command> <line> [parameters]}. */
    public record Status(boolean ok, int statusClass, int command, int line, String parameters) {
        private static final Pattern FORM = Pattern.compile("([+-])(\\d)(\\d\\d) (\\d{3})(?: (.*))?");

        public static Status parse(String text) {
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a RACS status line: '" + shorten(text) + "'");
            }
            return new Status(m.group(1).equals("+"), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), m.group(5) == null ? "" : m.group(5));
        }

        /** The code as the draft writes it, e.g. {@code -706}. */
        public String code() {
            return (ok ? "+" : "-") + statusClass + String.format("%02d", command);
        }

        @Override
        public String toString() {
            return code() + " " + String.format("%03d", line) + (parameters.isEmpty() ? "" : " " + shorten(parameters));
        }
    }

    /** The last status line (the only one unless lines carried APPEND). */
    public Status last() {
        return lines.get(lines.size() - 1);
    }

    static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
