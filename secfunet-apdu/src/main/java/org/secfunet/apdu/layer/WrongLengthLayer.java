package org.secfunet.apdu.layer;

import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;

/**
 * After a bare {@code 6C xx} ("wrong Le, use xx"), re-sends the same command once with Le = xx
 * ({@code 00} = 256). A second 6Cxx is returned to the caller: one retry, never a loop.
 */
public final class WrongLengthLayer implements Transport {
    private final Transport next;

    public WrongLengthLayer(Transport next) {
        this.next = next;
    }

    @Override
    public byte[] transmit(byte[] command) {
        byte[] answer = next.transmit(command);
        if (answer.length != 2 || (answer[0] & 0xFF) != 0x6C) {
            return answer;
        }
        CommandApdu original;
        try {
            original = CommandApdu.parse(command);
        } catch (ApduFormatException e) {
            return answer;
        }
        int le = answer[1] & 0xFF;
        return next.transmit(original.withNe(le == 0 ? 256 : le).encode());
    }

    @Override
    public void close() {
        next.close();
    }
}
