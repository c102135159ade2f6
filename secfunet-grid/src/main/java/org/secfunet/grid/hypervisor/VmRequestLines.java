package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.secfunet.pcsc.PinFormatException;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * Reads a VM's request: an optional {@code PIN} line, then the {@code CONNECT} line. Every field is
 * checked here, before a card or a target is touched; a bad one is a {@link Malformed} naming it.
 */
final class VmRequestLines {
    /** The PIN line: this prefix, then the PIN itself (every character after it is the PIN's). */
    static final String PIN_LINE = "PIN ";
    /** How much of an over-long line is read and dropped before the answer, so the close does not reset it. */
    static final int MAX_SKIPPED = 64 * 1024;

    /** The request, and the VM's PIN (null: the operator's), which its user wipes. */
    record Incoming(char[] pin, VmRequest request) {
    }

    /** A request line the VM got wrong; the message (one line) says which field. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private VmRequestLines() {
    }

    /** The request; null when the VM closed before sending a line. */
    static Incoming read(InputStream in) throws IOException, Malformed {
        String line = line(in);
        if (line == null) {
            return null;
        }
        char[] pin = null;
        if (line.startsWith(PIN_LINE)) {
            pin = pin(line.substring(PIN_LINE.length()));
        }
        boolean ok = false;
        try {
            if (pin != null) {
                line = line(in);
                if (line == null) {
                    return null;
                }
                if (line.startsWith(PIN_LINE)) {
                    throw new Malformed("PIN: given twice");
                }
            }
            Incoming r = new Incoming(pin, VmRequest.parse(line));
            ok = true;
            return r;
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        } finally {
            if (!ok && pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static char[] pin(String text) throws Malformed {
        char[] pin = text.toCharArray();
        try {
            EapSmartcard.checkPin(pin);
            return pin;
        } catch (PinFormatException e) {
            Arrays.fill(pin, '\0');
            throw new Malformed("PIN: " + e.getMessage());
        }
    }

    private static String line(InputStream in) throws IOException, Malformed {
        try {
            return LineIo.read(in, VmRequest.MAX_LINE);
        } catch (LineIo.LineTooLongException e) {
            LineIo.skipLine(in, MAX_SKIPPED);
            throw new Malformed(e.getMessage());
        }
    }
}
