package org.secfunet.grid.racs;

import java.util.Objects;

/**
 * One RACS status line, {@code <sign><class><cmd> <nnn> [parameters]}: sign and class digit from
 * {@link Kind}, the command's two-digit code, and the three-digit number of the request line it
 * answers ({@code BEGIN} is line 0). Examples: {@code +006 001 9000},
 * {@code -706 002 SE in use by another session}.
 */
public record RacsStatus(Kind kind, int command, int line, String parameters) {
    /** Largest line number a status line can carry. */
    public static final int MAX_LINE_NUMBER = 999;

    /** The class digit and sign of a status (draft §2.4). */
    public enum Kind {
        SUCCESS('+', 0),
        /** The command ran but its outcome is an error, e.g. a SW other than CONTINUE=. */
        EXECUTION('-', 0),
        UNKNOWN_COMMAND('-', 1),
        NOT_IMPLEMENTED('-', 2),
        /** Out of sequence: a line before BEGIN, a second BEGIN. */
        ILLEGAL('-', 3),
        BAD_VALUE('-', 4),
        /** Syntax error or missing parameter, bad hex. */
        SYNTAX('-', 5),
        /**
         * Not authorised: the client for the SEID, a command by the firewall, and the fencing
         * rule's refusals (a stale token: parameters starting {@code stale fencing token}; a
         * token-less power-on of an SE that requires one: {@code fencing token required}).
         */
        UNAUTHORISED('-', 6),
        /** The SE is locked by another session. */
        IN_USE('-', 7),
        HARDWARE('-', 8),
        /** Server-side failure or limit. */
        SYSTEM('-', 9);

        private final char sign;
        private final int digit;

        Kind(char sign, int digit) {
            this.sign = sign;
            this.digit = digit;
        }

        public char sign() {
            return sign;
        }

        public int digit() {
            return digit;
        }
    }

    public RacsStatus {
        Objects.requireNonNull(kind, "kind");
        if (command < 0 || command > 99) {
            throw new IllegalArgumentException("command code " + command + " is outside 0..99");
        }
        line = Math.max(0, Math.min(MAX_LINE_NUMBER, line));
        parameters = parameters == null ? "" : parameters;
    }

    public static RacsStatus ok(RacsCommand command, int line, String parameters) {
        return new RacsStatus(Kind.SUCCESS, command.code(), line, parameters);
    }

    public static RacsStatus error(Kind kind, RacsCommand command, int line, String message) {
        return new RacsStatus(kind, command == null ? 0 : command.code(), line, message);
    }

    /** An error for a line whose command keyword may be unknown (code 00 then). */
    public static RacsStatus error(Kind kind, String keyword, int line, String message) {
        return new RacsStatus(kind, RacsCommand.codeOf(keyword), line, message);
    }

    public boolean success() {
        return kind == Kind.SUCCESS;
    }

    /** The first field alone, e.g. {@code -706}. */
    public String code() {
        return String.format("%c%d%02d", kind.sign(), kind.digit(), command);
    }

    /** The status line without its line ending. */
    public String format() {
        String head = String.format("%s %03d", code(), line);
        return parameters.isEmpty() ? head : head + " " + parameters;
    }

    @Override
    public String toString() {
        return format();
    }
}
