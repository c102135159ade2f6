package org.secfunet.apdu.layer;

import java.util.function.Predicate;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.trace.TraceLayer;
import org.secfunet.apdu.trace.Tracer;

/**
 * Builds the ISO 7816-4 decorator stack around a raw transport in one explicit order, from the
 * caller down to the wire:
 * <pre>
 *   More-bit chaining (EAP card)  → ISO command chaining → 6Cxx re-send → GET RESPONSE (61xx)
 *   → FETCH (9Fxx) → Le cap → trace → raw transport
 * </pre>
 * Chaining is outermost so each part passes through the response layers; the trace is innermost
 * so it shows what really crossed the wire. Every layer is optional.
 */
public final class TransportStack {
    private boolean getResponse = true;
    private boolean fetch = true;
    private boolean wrongLength = true;
    private int isoChainChunk;
    private int moreBitChunk;
    private Predicate<CommandApdu> moreBitApplies = c -> false;
    private int maxNe;
    private Tracer tracer = Tracer.OFF;
    private org.secfunet.apdu.trace.Secrets secrets = org.secfunet.apdu.trace.Secrets.PINS;
    private String traceSource = "card";
    private Limits limits = Limits.DEFAULT;

    public static TransportStack builder() {
        return new TransportStack();
    }

    /** No ISO behaviours at all: what the caller sends is what the card gets. */
    public TransportStack raw() {
        getResponse = false;
        fetch = false;
        wrongLength = false;
        isoChainChunk = 0;
        moreBitChunk = 0;
        return this;
    }

    public TransportStack getResponse(boolean on) {
        this.getResponse = on;
        return this;
    }

    public TransportStack fetch(boolean on) {
        this.fetch = on;
        return this;
    }

    public TransportStack wrongLength(boolean on) {
        this.wrongLength = on;
        return this;
    }

    /** ISO command chaining for data longer than {@code chunk}; 0 turns it off. */
    public TransportStack isoChaining(int chunk) {
        this.isoChainChunk = chunk;
        return this;
    }

    /** EAP card P1 More-bit chaining for the commands {@code applies} selects; 0 turns it off. */
    public TransportStack moreBitChaining(int chunk, Predicate<CommandApdu> applies) {
        this.moreBitChunk = chunk;
        this.moreBitApplies = applies;
        return this;
    }

    /** Caps Le (e.g. {@link LeCapLayer#JAVAX_SMARTCARDIO_MAX_NE}); 0 turns it off. */
    public TransportStack maxNe(int ne) {
        this.maxNe = ne;
        return this;
    }

    public TransportStack trace(Tracer t, String source) {
        this.tracer = t;
        this.traceSource = source;
        return this;
    }

    /** What the trace must hide besides PINs (a card driver's secret-bearing commands). */
    public TransportStack secrets(org.secfunet.apdu.trace.Secrets more) {
        this.secrets = org.secfunet.apdu.trace.Secrets.PINS.and(more);
        return this;
    }

    public TransportStack limits(Limits l) {
        this.limits = l;
        return this;
    }

    public Transport build(Transport wire) {
        Transport t = wire;
        if (tracer.enabled(org.secfunet.apdu.trace.TraceLevel.EVENTS)) {
            t = new TraceLayer(t, tracer, traceSource, secrets);
        }
        if (maxNe > 0) {
            t = new LeCapLayer(t, maxNe);
        }
        if (fetch) {
            t = new FetchLayer(t, limits);
        }
        if (getResponse) {
            t = new GetResponseLayer(t, limits);
        }
        if (wrongLength) {
            t = new WrongLengthLayer(t);
        }
        if (isoChainChunk > 0) {
            t = new CommandChainingLayer(t, isoChainChunk);
        }
        if (moreBitChunk > 0) {
            t = new MoreBitChainingLayer(t, moreBitChunk, moreBitApplies);
        }
        return t;
    }
}
