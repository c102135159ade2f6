package org.secfunet.grid.racs;

import java.util.Optional;

/**
 * The RACS request commands and their two-digit codes (draft-urien-core-racs-14 §2.4, -15 for
 * SEN and GET-SEN). {@code END} has no code: it only closes a script.
 */
public enum RacsCommand {
    BEGIN("BEGIN", 1),
    GET_VERSION("GET-VERSION", 2),
    SET_VERSION("SET-VERSION", 3),
    LIST("LIST", 4),
    RESET("RESET", 5),
    APDU("APDU", 6),
    SHUTDOWN("SHUTDOWN", 7),
    POWERON("POWERON", 8),
    ECHO("ECHO", 9),
    /** Known (draft -15) but not implemented here: answered with class 2. */
    SEN("SEN", 10),
    /** Known (draft -15) but not implemented here: answered with class 2. */
    GET_SEN("GET-SEN", 11);

    /** The keyword that closes a script. */
    public static final String END = "END";

    private final String keyword;
    private final int code;

    RacsCommand(String keyword, int code) {
        this.keyword = keyword;
        this.code = code;
    }

    /** The keyword as it appears in a script (commands are case-sensitive). */
    public String keyword() {
        return keyword;
    }

    /** The two-digit code of status lines answering this command. */
    public int code() {
        return code;
    }

    /** The command of a keyword, exact and case-sensitive. */
    public static Optional<RacsCommand> byKeyword(String keyword) {
        for (RacsCommand c : values()) {
            if (c.keyword.equals(keyword)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The code of a keyword, or 0 for an unknown one. */
    static int codeOf(String keyword) {
        return byKeyword(keyword).map(RacsCommand::code).orElse(0);
    }
}
