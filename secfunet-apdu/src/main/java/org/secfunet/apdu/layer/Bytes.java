package org.secfunet.apdu.layer;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Predicate;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.Transport;

final class Bytes {
    private Bytes() {
    }

    static boolean hasSw1(byte[] answer, int sw1) {
        if (answer.length < 2) {
            throw new ProtocolException("card answer of " + answer.length + " byte(s) has no status word");
        }
        return (answer[answer.length - 2] & 0xFF) == sw1;
    }

    static int sw(byte[] answer) {
        if (answer.length < 2) {
            throw new ProtocolException("card answer of " + answer.length + " byte(s) has no status word");
        }
        return ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
    }

    /** Builds the command carrying one part of the data; {@code last} marks the final part. */
    interface PartBuilder {
        CommandApdu part(byte[] data, boolean last);
    }

    /**
     * Sends {@code data} in parts of at most {@code maxChunk} bytes; every non-final part must be
     * answered 9000, any other answer ends the sequence and is returned. Bounded by the data size.
     */
    static byte[] sendInParts(Transport next, byte[] data, int maxChunk, PartBuilder build) {
        int off = 0;
        while (true) {
            int end = Math.min(data.length, off + maxChunk);
            boolean last = end == data.length;
            byte[] answer = next.transmit(build.part(Arrays.copyOfRange(data, off, end), last).encode());
            if (last || sw(answer) != 0x9000) {
                return answer;
            }
            off = end;
        }
    }

    /**
     * Sends {@code command} in parts ({@link #sendInParts}, built by {@code parts} for it) when it parses, its data
     * exceeds {@code maxChunk} bytes and {@code applies} accepts it; else sends it unchanged.
     */
    static byte[] sendChained(Transport next, byte[] command, int maxChunk, Predicate<CommandApdu> applies,
                              Function<CommandApdu, PartBuilder> parts) {
        CommandApdu c;
        try {
            c = CommandApdu.parse(command);
        } catch (ApduFormatException e) {
            return next.transmit(command);
        }
        if (c.nc() <= maxChunk || !applies.test(c)) {
            return next.transmit(command);
        }
        return sendInParts(next, c.data(), maxChunk, parts.apply(c));
    }
}
