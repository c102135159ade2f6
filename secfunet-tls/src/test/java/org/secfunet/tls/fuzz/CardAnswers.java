package org.secfunet.tls.fuzz;

import java.io.InputStream;
import java.util.Arrays;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.pcsc.CardSession;

/**
 * What a hostile card (and the server behind the relay) says, taken from the fuzzer's input, the
 * way OpenSC's fuzzing reader does: the input is a queue of chunks, each a 2-byte big-endian length
 * then that many bytes (cut to what is left). The card's every answer is the next chunk; the
 * server's stream reads the next chunks as they are needed. A recorded run (the answers of a real
 * card, the bytes of a real server, in the order the host read them) is a seed of this form.
 */
final class CardAnswers {
    /** What the card answers once the input is used up: "no precise diagnosis" (ISO/IEC 7816-4). */
    private static final byte[] EXHAUSTED = {0x6F, 0x00};
    /** More commands than any whole operation needs: a host loop that goes past it does not end by itself. */
    static final int MAX_COMMANDS = 2_000;

    private final byte[] input;
    private int off;
    private int commands;

    CardAnswers(byte[] input, int from) {
        this.input = input;
        this.off = Math.min(from, input.length);
    }

    /** The next chunk, or null when the input is used up. */
    byte[] next() {
        if (input.length - off < 2) {
            off = input.length;
            return null;
        }
        int len = Math.min(((input[off] & 0xFF) << 8) | (input[off + 1] & 0xFF), input.length - off - 2);
        byte[] chunk = Arrays.copyOfRange(input, off + 2, off + 2 + len);
        off += 2 + len;
        return chunk;
    }

    int commands() {
        return commands;
    }

    /** A session to the hostile card: every command is answered with the next chunk. */
    CardSession session() {
        return new CardSession() {
            @Override
            public org.secfunet.apdu.Transport transport() {
                return command -> {
                    if (++commands > MAX_COMMANDS) {
                        throw new AssertionError("the host sent more than " + MAX_COMMANDS + " commands in one operation");
                    }
                    byte[] a = next();
                    return a == null ? EXHAUSTED.clone() : a;
                };
            }

            @Override
            public byte[] atr() {
                return new byte[] {0x3B, 0x00};
            }

            @Override
            public String readerName() {
                return "hostile card";
            }

            @Override
            public int maxNe() {
                return CommandApdu.MAX_EXTENDED_NE;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The server's side of the relay: the next chunks, then end of stream. */
    InputStream server() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int o, int len) {
                if (len == 0) {
                    return 0;
                }
                while (pos >= current.length) {
                    byte[] c = next();
                    if (c == null) {
                        return -1;
                    }
                    current = c;
                    pos = 0;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, o, n);
                pos += n;
                return n;
            }

            @Override
            public int available() {
                return current.length - pos;
            }
        };
    }
}
