package org.secfunet.grid.racs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.apdu.CommandApdu;

/**
 * An ISO/IEC 7816-4 command chain (§5.3.3: CLA b5 set on every part but the last, in an
 * interindustry class) held back by the server: no part reaches the card before the last part has
 * arrived and the reassembled command has been judged. Every part must have the header of the
 * first (CLA apart from its chaining bit, INS, P1, P2). Capped in parts and bytes. Not
 * thread-safe: it belongs to an SE and is used under the SE's mutex.
 */
final class CommandChain {
    /** Most data of one chain: what one extended command carries. */
    static final int MAX_BYTES = CommandApdu.MAX_EXTENDED_DATA;
    /** Most parts of one chain (65535 bytes in 255-byte short parts take 257). */
    static final int MAX_PARTS = 512;
    /** ISO/IEC 7816-4 §5.4.1: b5 of an interindustry CLA, "command is not the last of a chain". */
    private static final int CHAINING_BIT = 0x10;

    private final List<byte[]> parts = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private CommandApdu first;

    boolean isOpen() {
        return first != null;
    }

    void clear() {
        parts.clear();
        data.reset();
        first = null;
    }

    /**
     * Holds a part that is not the last ({@code part} is {@code raw} parsed; {@link #refusalOf}
     * it is null). Past a cap: {@link ApduExchange.LimitException}, and the chain is dropped.
     */
    void hold(byte[] raw, CommandApdu part) {
        if (parts.size() >= MAX_PARTS || data.size() + part.nc() > MAX_BYTES) {
            clear();
            throw new ApduExchange.LimitException("command chain of more than " + MAX_PARTS + " parts or " + MAX_BYTES + " bytes (chain dropped)");
        }
        if (first == null) {
            first = part;
        }
        parts.add(raw.clone());
        data.writeBytes(part.data());
    }

    /**
     * The whole command that {@code last} (not a chain part, {@link #refusalOf} null) ends:
     * {@code last} itself when no chain is open, else the held data followed by its own, with its
     * CLA, INS, P1, P2 and Ne.
     */
    CommandApdu complete(CommandApdu last) {
        if (first == null) {
            return last;
        }
        if (data.size() + last.nc() > MAX_BYTES) {
            clear();
            throw new ApduExchange.LimitException("command chain of more than " + MAX_BYTES + " bytes (chain dropped)");
        }
        byte[] all = data.toByteArray();
        byte[] own = last.data();
        byte[] whole = new byte[all.length + own.length];
        System.arraycopy(all, 0, whole, 0, all.length);
        System.arraycopy(own, 0, whole, all.length, own.length);
        return CommandApdu.of(last.cla(), last.ins(), last.p1(), last.p2(), whole, last.ne());
    }

    /** The held parts, in order, and the chain closed. */
    List<byte[]> take() {
        List<byte[]> out = List.copyOf(parts);
        clear();
        return out;
    }

    /** Null when no chain is open or {@code next} continues it, else why it does not. */
    String refusalOf(CommandApdu next) {
        if (first == null || (next.cla() & ~CHAINING_BIT) == (first.cla() & ~CHAINING_BIT) && next.ins() == first.ins() && next.p1() == first.p1()
                && next.p2() == first.p2()) {
            return null;
        }
        return "a command chain is open: its next part must have its header " + RacsHex.encode(header(first)) + " (chain dropped)";
    }

    private static byte[] header(CommandApdu c) {
        return new byte[] {(byte) (c.cla() | CHAINING_BIT), (byte) c.ins(), (byte) c.p1(), (byte) c.p2()};
    }
}
