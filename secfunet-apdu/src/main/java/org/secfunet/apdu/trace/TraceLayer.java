package org.secfunet.apdu.trace;

import org.secfunet.apdu.Transport;

/** Traces every exchange that passes through it; put it innermost to see the wire. */
public final class TraceLayer implements Transport {
    private final Transport next;
    private final Tracer tracer;
    private final String source;

    public TraceLayer(Transport next, Tracer tracer, String source) {
        this.next = next;
        this.tracer = tracer;
        this.source = source;
    }

    @Override
    public byte[] transmit(byte[] command) {
        tracer.command(source, command);
        long t0 = System.nanoTime();
        try {
            byte[] answer = next.transmit(command);
            tracer.response(source, answer, System.nanoTime() - t0);
            return answer;
        } catch (RuntimeException e) {
            tracer.failure(source, e, System.nanoTime() - t0);
            throw e;
        }
    }

    @Override
    public void close() {
        next.close();
    }
}
