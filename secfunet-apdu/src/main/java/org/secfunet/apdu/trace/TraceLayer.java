package org.secfunet.apdu.trace;

import org.secfunet.apdu.Transport;

/**
 * Traces every exchange that passes through it; put it innermost to see the wire. What
 * {@link Secrets} marks never reaches the trace; GET RESPONSE ({@code C0}) and FETCH
 * ({@code A0 12}) follow-ups inherit the secrecy of the answer they continue.
 */
public final class TraceLayer implements Transport {
    private final Transport next;
    private final Tracer tracer;
    private final String source;
    private final Secrets secrets;
    private boolean secretAnswer;

    public TraceLayer(Transport next, Tracer tracer, String source) {
        this(next, tracer, source, Secrets.PINS);
    }

    public TraceLayer(Transport next, Tracer tracer, String source, Secrets secrets) {
        this.next = next;
        this.tracer = tracer;
        this.source = source;
        this.secrets = secrets;
    }

    @Override
    public byte[] transmit(byte[] command) {
        Secrets.Hide hide = secrets.of(command);
        if (!followUp(command)) {
            secretAnswer = hide.responseData();
        }
        tracer.command(source, command, hide);
        long t0 = System.nanoTime();
        try {
            byte[] answer = next.transmit(command);
            tracer.response(source, answer, System.nanoTime() - t0, secretAnswer);
            return answer;
        } catch (RuntimeException e) {
            tracer.failure(source, e, System.nanoTime() - t0);
            throw e;
        }
    }

    private static boolean followUp(byte[] c) {
        return c.length >= 4 && ((c[1] & 0xFF) == 0xC0 || ((c[0] & 0xFF) == 0xA0 && (c[1] & 0xFF) == 0x12));
    }

    @Override
    public void close() {
        next.close();
    }
}
