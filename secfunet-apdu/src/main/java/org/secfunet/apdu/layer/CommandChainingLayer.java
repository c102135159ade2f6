package org.secfunet.apdu.layer;

import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;

/**
 * ISO/IEC 7816-4 command chaining: a command whose data exceeds {@code maxChunk} is sent as a
 * chain of commands with CLA bit 0x10 set on every part but the last. Each non-final part must
 * be answered {@code 90 00}; any other answer ends the chain and is returned.
 */
public final class CommandChainingLayer implements Transport {
    private final Transport next;
    private final int maxChunk;

    public CommandChainingLayer(Transport next, int maxChunk) {
        if (maxChunk < 1 || maxChunk > CommandApdu.MAX_EXTENDED_DATA) {
            throw new IllegalArgumentException("chunk size out of range: " + maxChunk);
        }
        this.next = next;
        this.maxChunk = maxChunk;
    }

    @Override
    public byte[] transmit(byte[] command) {
        return Bytes.sendChained(next, command, maxChunk, c -> c.cla() != 0xFF && (c.cla() & 0x10) == 0,
                c -> (part, last) -> last
                        ? CommandApdu.of(c.cla(), c.ins(), c.p1(), c.p2(), part, c.ne())
                        : CommandApdu.of(c.cla() | 0x10, c.ins(), c.p1(), c.p2(), part));
    }

    @Override
    public void close() {
        next.close();
    }
}
