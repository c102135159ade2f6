package org.secfunet.apdu.layer;

import java.util.function.Predicate;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;

/**
 * The EAP smart card's segmentation towards the card (draft-urien-eap-smartcard §9.2): a command
 * whose data exceeds {@code maxChunk} (240 in the draft's traces, at most 255) is sent in parts
 * with P1 bit 0 ("More") set on every part but the last. Each non-final part must be answered
 * {@code 90 00}; any other answer ends the sequence and is returned.
 */
public final class MoreBitChainingLayer implements Transport {
    public static final int DEFAULT_CHUNK = 240;

    private final Transport next;
    private final int maxChunk;
    private final Predicate<CommandApdu> applies;

    public MoreBitChainingLayer(Transport next, int maxChunk, Predicate<CommandApdu> applies) {
        if (maxChunk < 1 || maxChunk > CommandApdu.MAX_SHORT_DATA) {
            throw new IllegalArgumentException("More-bit chunk must be 1..255, got " + maxChunk);
        }
        this.next = next;
        this.maxChunk = maxChunk;
        this.applies = applies;
    }

    /** Applies to one CLA/INS pair, e.g. {@code A0 80} Process-EAP. */
    public static Predicate<CommandApdu> forCommand(int cla, int ins) {
        return c -> c.cla() == cla && c.ins() == ins;
    }

    @Override
    public byte[] transmit(byte[] command) {
        return Bytes.sendChained(next, command, maxChunk, applies, c -> {
            int p1 = c.p1() & 0xFE;
            return (part, last) -> last
                    ? CommandApdu.of(c.cla(), c.ins(), p1, c.p2(), part, c.ne())
                    : CommandApdu.of(c.cla(), c.ins(), p1 | 0x01, c.p2(), part);
        });
    }

    @Override
    public void close() {
        next.close();
    }
}
