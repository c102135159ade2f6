package org.secfunet.grid.hypervisor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reads and writes the one-line messages of the VM protocol, byte by byte so nothing after the line is consumed. */
final class LineIo {
    private LineIo() {
    }

    /** One line (LF or CRLF), at most {@code max} bytes; null at end of stream before any byte. */
    static String read(InputStream in, int max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("the line ended without a line break");
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
            if (c != '\r') {
                if (b.size() >= max) {
                    throw new LineTooLongException(max);
                }
                b.write(c);
            }
        }
    }

    /**
     * Reads and drops the rest of the line (at most {@code max} bytes), so that closing the
     * connection right after an answer does not reset it before the peer has read the answer.
     */
    static void skipLine(InputStream in, int max) throws IOException {
        for (int i = 0; i < max; i++) {
            int c = in.read();
            if (c < 0 || c == '\n') {
                return;
            }
        }
    }

    /** A line over its limit; the bytes after the limit are still unread. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;
        final int max;

        LineTooLongException(int max) {
            super("line too long (max " + max + " bytes)");
            this.max = max;
        }
    }

    static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
