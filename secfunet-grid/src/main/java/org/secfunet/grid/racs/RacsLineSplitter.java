package org.secfunet.grid.racs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into request lines: LF ends a line, one CR before it is dropped, so CRLF and
 * LF both work. Lines may arrive in any number of pieces. A line longer than the cap (terminator
 * not counted) stops the splitter as soon as it is seen, so its buffer never grows past the cap:
 * {@link #overflowed()} turns true and the lines completed before it are still returned. No I/O.
 * Bytes map one-to-one to chars (ISO-8859-1); {@link RacsLine} flags anything not printable ASCII.
 */
public final class RacsLineSplitter {
    private final int maxLine;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean overflowed;

    public RacsLineSplitter(int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("max line must be positive");
        }
        this.maxLine = maxLine;
    }

    public int maxLine() {
        return maxLine;
    }

    /**
     * The lines that {@code bytes[off..off+len)} completes, in order. After an overflow the rest
     * of the input is ignored and later calls are refused.
     */
    public List<String> feed(byte[] bytes, int off, int len) {
        if (overflowed) {
            throw new IllegalStateException("the splitter stopped at a line longer than " + maxLine + " bytes");
        }
        List<String> lines = new ArrayList<>();
        for (int i = off; i < off + len; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                byte[] line = pending.toByteArray();
                pending.reset();
                int n = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                if (n > maxLine) {
                    overflowed = true;
                    return lines;
                }
                lines.add(new String(line, 0, n, StandardCharsets.ISO_8859_1));
                continue;
            }
            // one byte more than the cap may be a CR that turns out to end the line
            if (pending.size() > maxLine || (pending.size() == maxLine && b != '\r')) {
                pending.reset();
                overflowed = true;
                return lines;
            }
            pending.write(b);
        }
        return lines;
    }

    public List<String> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Whether a line went past the cap. */
    public boolean overflowed() {
        return overflowed;
    }

    /** Whether part of a line is waiting for its end. */
    public boolean hasPartialLine() {
        return pending.size() > 0;
    }
}
