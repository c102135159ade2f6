package org.secfunet.grid.racs;

import java.util.List;

/**
 * A complete request: line 0 is {@code BEGIN [id]}, the last line is {@code END}. {@code id} is
 * the BEGIN line's identifier when it has one (null otherwise), echoed in the response's BEGIN.
 */
public record RacsScript(String id, List<RacsLine> lines) {
    /** Identifiers longer than this are refused (and not echoed). */
    public static final int MAX_ID = 64;

    public RacsScript {
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new IllegalArgumentException("a script has at least BEGIN and END");
        }
    }

    /** The identifier to echo: the BEGIN id when present and acceptable, else null. */
    public String echoedId() {
        return id != null && id.length() <= MAX_ID && lines.get(0).problem() == null ? id : null;
    }
}
