package org.secfunet.grid.racs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.Transport;

/**
 * The draft's APDU loop (§2.3.8) over a raw transport: send the command; a {@code 6Cxx} answer
 * with no data to a short command that carries Le makes the server re-send it once with Le = xx;
 * while SW1 equals {@code MORE=}, send the {@code FETCH=} header with P3 = SW2 and keep the
 * bodies; the result is the concatenated bodies and the last SW. Every loop is capped: total
 * answer size and number of follow-up commands.
 */
public final class ApduExchange {
    /** Largest answer (bodies and SW) one APDU line may return: 64 KiB of data and the SW. */
    public static final int MAX_RESPONSE = 65538;
    /** Largest number of FETCH follow-ups for one APDU line. */
    public static final int MAX_FOLLOW_UPS = 512;

    /** Options of an APDU line: MORE= SW1 (or -1 for none) and the FETCH= header (4 bytes). */
    public record Options(int moreSw1, byte[] fetchHeader) {
        public static final byte[] GET_RESPONSE = {0x00, (byte) 0xC0, 0x00, 0x00};
        public static final Options NONE = new Options(-1, GET_RESPONSE);

        public Options {
            if (fetchHeader.length != 4) {
                throw new IllegalArgumentException("FETCH header must be 4 bytes");
            }
            fetchHeader = fetchHeader.clone();
        }

        @Override
        public byte[] fetchHeader() {
            return fetchHeader.clone();
        }
    }

    /** The answer: data bytes followed by the last SW. */
    public record Result(byte[] response) {
        public int sw() {
            int n = response.length;
            return (response[n - 2] & 0xFF) << 8 | (response[n - 1] & 0xFF);
        }
    }

    /** An answer went past a cap. */
    public static final class LimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitException(String message) {
            super(message);
        }
    }

    private ApduExchange() {
    }

    public static Result run(Transport transport, byte[] command, Options options) {
        return run(transport, command, options, MAX_RESPONSE, MAX_FOLLOW_UPS);
    }

    /**
     * A command chain: the {@code held} parts in order, each of which the card must answer
     * {@code 9000} (any other answer ends the chain and is the result), then {@code last} as
     * {@link #run(Transport, byte[], Options)} sends it.
     */
    public static Result run(Transport transport, List<byte[]> held, byte[] last, Options options) {
        for (byte[] part : held) {
            Result answer = new Result(send(transport, part));
            if (answer.response().length != 2 || answer.sw() != StatusWord.OK) {
                return answer;
            }
        }
        return run(transport, last, options);
    }

    public static Result run(Transport transport, byte[] command, Options options, int maxResponse, int maxFollowUps) {
        byte[] r = send(transport, command);
        if (r.length == 2 && (r[0] & 0xFF) == 0x6C) {
            byte[] again = withLe(command, r[1]);
            if (again != null) {
                r = send(transport, again);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        append(body, r, maxResponse);
        int sw1 = r[r.length - 2] & 0xFF;
        int sw2 = r[r.length - 1] & 0xFF;
        int followUps = 0;
        byte[] header = options.fetchHeader();
        while (options.moreSw1() >= 0 && sw1 == options.moreSw1()) {
            if (++followUps > maxFollowUps) {
                throw new LimitException("more than " + maxFollowUps + " follow-up commands");
            }
            byte[] fetch = Arrays.copyOf(header, 5);
            fetch[4] = (byte) sw2;
            r = send(transport, fetch);
            append(body, r, maxResponse);
            sw1 = r[r.length - 2] & 0xFF;
            sw2 = r[r.length - 1] & 0xFF;
        }
        body.write(sw1);
        body.write(sw2);
        return new Result(body.toByteArray());
    }

    private static byte[] send(Transport transport, byte[] command) {
        byte[] r = transport.transmit(command);
        if (r == null || r.length < 2) {
            throw new ProtocolException("the card answered " + (r == null ? 0 : r.length) + " byte(s), less than a status word");
        }
        return r;
    }

    private static void append(ByteArrayOutputStream body, byte[] r, int maxResponse) {
        if (body.size() + r.length > maxResponse) {
            throw new LimitException("response longer than " + maxResponse + " bytes");
        }
        body.write(r, 0, r.length - 2);
    }

    /**
     * The command with its short Le replaced, or null when it has none to replace: a 5-byte
     * command (case 2, P3 = Le), or a short case 4 (Lc, data, Le).
     */
    static byte[] withLe(byte[] command, byte le) {
        int n = command.length;
        if (n == 5) {
            byte[] c = command.clone();
            c[4] = le;
            return c;
        }
        if (n > 6 && (command[4] & 0xFF) != 0 && n == 6 + (command[4] & 0xFF)) {
            byte[] c = command.clone();
            c[n - 1] = le;
            return c;
        }
        return null;
    }
}
