package org.secfunet.grid.racs;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects request lines into scripts: from {@code BEGIN [id]} (line 0) to {@code END}. Blank
 * lines are ignored and not numbered. A non-blank line outside a script is answered at once with
 * {@code -3yz 000} (the connection stays open). A script longer than the line cap (BEGIN and END
 * included) is refused with {@code -900} and the connection must be closed, as after a line that
 * is too long. No I/O.
 */
public final class RacsScriptAssembler {
    private final int maxLines;
    private List<RacsLine> lines;
    private String id;

    /** What a line led to. */
    public sealed interface Outcome permits Pending, Complete, Rejected {
    }

    /** More lines are needed. */
    public record Pending() implements Outcome {
    }

    /** A whole script, ready to run. */
    public record Complete(RacsScript script) implements Outcome {
    }

    /** An immediate answer; when {@code closeConnection} the session must end after sending it. */
    public record Rejected(RacsResponse response, boolean closeConnection) implements Outcome {
    }

    private static final Pending PENDING = new Pending();

    public RacsScriptAssembler(int maxLines) {
        if (maxLines < 2 || maxLines > RacsStatus.MAX_LINE_NUMBER + 1) {
            throw new IllegalArgumentException("max lines must be 2.." + (RacsStatus.MAX_LINE_NUMBER + 1));
        }
        this.maxLines = maxLines;
    }

    /** Whether a BEGIN was seen and its END not yet. */
    public boolean inScript() {
        return lines != null;
    }

    public Outcome accept(String text) {
        if (lines == null) {
            RacsLine line = RacsLine.parse(0, text);
            if (line.blank()) {
                return PENDING;
            }
            if (line.problem() == null && line.keyword().equals(RacsCommand.BEGIN.keyword())) {
                lines = new ArrayList<>();
                lines.add(line);
                id = line.parameters().isEmpty() ? null : line.parameters().get(0);
                return PENDING;
            }
            String what = line.problem() != null ? line.problem() : "no script is open: send BEGIN first";
            return new Rejected(RacsResponse.of(null,
                    RacsStatus.error(RacsStatus.Kind.ILLEGAL, line.problem() == null ? line.keyword() : "", 0, what)), false);
        }
        RacsLine line = RacsLine.parse(lines.size(), text);
        if (line.blank()) {
            return PENDING;
        }
        boolean end = line.problem() == null && line.keyword().equals(RacsCommand.END);
        if (!end && lines.size() >= maxLines - 1) {
            RacsResponse r = RacsResponse.of(echoId(), RacsStatus.error(RacsStatus.Kind.SYSTEM, (RacsCommand) null, line.number(),
                    "script longer than " + maxLines + " lines"));
            reset();
            return new Rejected(r, true);
        }
        lines.add(line);
        if (!end) {
            return PENDING;
        }
        RacsScript script = new RacsScript(id, lines);
        reset();
        return new Complete(script);
    }

    /** The answer to a line over the length cap (the connection must then be closed); forgets the open script. */
    public RacsResponse lineTooLong(int maxLine) {
        int number = lines == null ? 0 : lines.size();
        RacsResponse r = RacsResponse.of(lines == null ? null : echoId(),
                RacsStatus.error(RacsStatus.Kind.SYSTEM, (RacsCommand) null, number, "line longer than " + maxLine + " bytes"));
        reset();
        return r;
    }

    private String echoId() {
        return id != null && id.length() <= RacsScript.MAX_ID ? id : null;
    }

    private void reset() {
        lines = null;
        id = null;
    }
}
