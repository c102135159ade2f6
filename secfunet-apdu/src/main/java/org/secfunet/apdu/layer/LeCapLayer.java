package org.secfunet.apdu.layer;

import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;

/**
 * Lowers Le so that no answer can exceed what the reader stack can carry (javax.smartcardio: 8192
 * bytes including SW). The card then returns the rest through 61xx/9Fxx, which the layers above
 * collect. A command asking for more would otherwise fail <em>after</em> the card executed it.
 */
public final class LeCapLayer implements Transport {
    /** javax.smartcardio's receive buffer is 8192 bytes including the two SW bytes. */
    public static final int JAVAX_SMARTCARDIO_MAX_NE = 8190;

    private final Transport next;
    private final int maxNe;

    public LeCapLayer(Transport next, int maxNe) {
        if (maxNe < 1 || maxNe > CommandApdu.MAX_EXTENDED_NE) {
            throw new IllegalArgumentException("maxNe out of range: " + maxNe);
        }
        this.next = next;
        this.maxNe = maxNe;
    }

    @Override
    public byte[] transmit(byte[] command) {
        return next.transmit(cap(command, maxNe));
    }

    /** The command with Ne lowered to {@code maxNe} when larger; unparsable commands pass unchanged. */
    public static byte[] cap(byte[] command, int maxNe) {
        if (command.length < 7 || command[4] != 0) {
            return command; // short form: Ne <= 256
        }
        try {
            CommandApdu c = CommandApdu.parse(command);
            return c.ne() > maxNe ? c.withNe(maxNe).encode() : command;
        } catch (ApduFormatException e) {
            return command;
        }
    }

    @Override
    public void close() {
        next.close();
    }
}
