package org.secfunet.grid.racs;

import java.util.List;

/** A response: {@code BEGIN [id]}, one or more status lines, {@code END}; every line ends in CRLF. */
public record RacsResponse(String id, List<RacsStatus> statuses) {
    public static final String CRLF = "\r\n";

    public RacsResponse {
        statuses = List.copyOf(statuses);
    }

    public static RacsResponse of(String id, RacsStatus status) {
        return new RacsResponse(id, List.of(status));
    }

    /** The text sent on the wire. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("BEGIN");
        if (id != null && !id.isEmpty()) {
            sb.append(' ').append(id);
        }
        sb.append(CRLF);
        for (RacsStatus s : statuses) {
            sb.append(s.format()).append(CRLF);
        }
        sb.append(RacsCommand.END).append(CRLF);
        return sb.toString();
    }

    /** The last status, the one that tells how the script ended. */
    public RacsStatus last() {
        return statuses.get(statuses.size() - 1);
    }
}
