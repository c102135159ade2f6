package org.secfunet.grid.racs.client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wire form of fencing tokens, shared by the RACS server and its clients (docs/racs.md,
 * "Fencing tokens"). A client holding an SE's grid lock presents the lock's token with the
 * power-on, {@code POWERON SEID FENCE=n} or {@code RESET SEID [WARM] FENCE=n}; the server refuses a
 * token older than the newest it has seen for that SE, and a newer one takes the SE from the
 * session holding it with an older one.
 */
public final class RacsFencing {
    /** The option name: {@code FENCE=n}, n in decimal, 1 to {@link #MAX}, no sign, no leading zero. */
    public static final String OPTION = "FENCE";
    /** The largest token, 2^63-1; the smallest is 1. */
    public static final long MAX = Long.MAX_VALUE;
    /** No token: a power-on without {@code FENCE=}. */
    public static final long NONE = 0;
    /** How the server's refusal of a stale token's parameters start: {@code stale fencing token N < M for SEID x}. */
    public static final String STALE = "stale fencing token";
    /** How the server's refusal of a token-less power-on of an SE that requires tokens starts. */
    public static final String REQUIRED = "fencing token required";

    private static final Pattern STALE_FORM = Pattern.compile(Pattern.quote(STALE) + " (\\d{1,19}) < (\\d{1,19})(?: .*)?");

    private RacsFencing() {
    }

    /** {@code token} if it is a token (1..{@link #MAX}); else an {@link IllegalArgumentException}. */
    public static long check(long token) {
        if (token < 1) {
            throw new IllegalArgumentException("a fencing token is 1.." + MAX + ", not " + token);
        }
        return token;
    }

    /** The option as a script line carries it, {@code FENCE=n}. */
    public static String option(long token) {
        return OPTION + "=" + check(token);
    }

    /** The parameters of the server's stale-token refusal. */
    public static String staleText(long token, long newest, String seid) {
        return STALE + " " + token + " < " + newest + " for SEID " + seid;
    }

    /** The tokens of a stale-token refusal (the session's, the newest the server saw), or null if {@code parameters} is not one. */
    static long[] parseStale(String parameters) {
        Matcher m = STALE_FORM.matcher(parameters);
        if (!m.matches()) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        } catch (NumberFormatException e) {
            return null; // 19 digits above 2^63-1: not a text our server writes
        }
    }
}
