package org.secfunet.grid.racs;

import java.util.ArrayList;
import java.util.List;

/**
 * One request line, tokenised: tokens split on spaces (and tabs), a trailing {@code APPEND} token
 * removed and remembered. A line holding a control character or a byte outside printable ASCII
 * keeps its tokens but carries a {@link #problem()}; the interpreter refuses it, so nothing odd is
 * ever echoed back or logged.
 */
public record RacsLine(int number, List<String> tokens, boolean append, String problem) {
    public static final String APPEND = "APPEND";

    public RacsLine {
        tokens = List.copyOf(tokens);
    }

    public static RacsLine parse(int number, String text) {
        String problem = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                problem = String.format("line holds a byte outside printable ASCII (0x%02X at column %d)", (int) c, i + 1);
                break;
            }
        }
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
        }
        boolean append = tokens.size() > 1 && tokens.get(tokens.size() - 1).equals(APPEND);
        if (append) {
            tokens.remove(tokens.size() - 1);
        }
        return new RacsLine(number, tokens, append, problem);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** The command keyword, empty for a blank line. */
    public String keyword() {
        return tokens.isEmpty() ? "" : tokens.get(0);
    }

    /** The tokens after the keyword (APPEND excluded). */
    public List<String> parameters() {
        return tokens.isEmpty() ? List.of() : tokens.subList(1, tokens.size());
    }

    public boolean blank() {
        return tokens.isEmpty() && problem == null;
    }
}
