package org.secfunet.apdu.trace;

import java.util.Locale;

/** How much the trace shows. Each level includes the ones before it. */
public enum TraceLevel {
    /** nothing; the trace layer is left out of the stack, so it costs nothing. */
    OFF,
    /** reader and card events only. */
    EVENTS,
    /** one line per command and per response: header, lengths, SW and its meaning, elapsed time. */
    APDU,
    /** as APDU, plus a hex dump of every command and response (PIN bytes redacted). */
    HEX;

    public boolean includes(TraceLevel other) {
        return ordinal() >= other.ordinal();
    }

    /** Parses "off", "events", "apdu", "hex" (any case); the message lists the choices. */
    public static TraceLevel parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown trace level '" + s + "' (choose off, events, apdu or hex)");
        }
    }
}
