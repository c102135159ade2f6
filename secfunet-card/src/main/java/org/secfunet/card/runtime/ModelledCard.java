package org.secfunet.card.runtime;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.secfunet.eap.tls.engine.CryptoMeter;
import org.secfunet.pcsc.CardDevice;
import org.secfunet.pcsc.ForwardingCardDevice;

/**
 * A card decorator that charges each APDU the time of a {@link CardLatencyModel}: it always
 * accounts (link ms, processing ms, crypto ms, APDUs), and with a sleeper also delays each answer
 * by the modelled time minus what the software card took. On a {@link SoftwareCard} it installs a
 * {@link CryptoMeter} in each {@link CryptoMetered} applet, so the public-key operations of the
 * card's TLS engine are counted and charged at the model's per-operation costs. Benchmark tool
 * only; never installed by default.
 */
public final class ModelledCard extends ForwardingCardDevice {
    private final CardLatencyModel model;
    private final LongConsumer sleeperNanos;
    private final CryptoMeter meter = new CryptoMeter();
    private final boolean metered;
    private final DoubleAdder linkMs = new DoubleAdder();
    private final DoubleAdder processingMs = new DoubleAdder();
    private final DoubleAdder cryptoMs = new DoubleAdder();
    private final LongAdder apdus = new LongAdder();
    private long[] cryptoSeen;

    /**
     * @param sleeperNanos called with the nanoseconds to wait after each answer, or null to only account
     */
    public ModelledCard(CardDevice card, CardLatencyModel model, LongConsumer sleeperNanos) {
        super(card);
        this.model = model;
        this.sleeperNanos = sleeperNanos;
        boolean any = false;
        if (card instanceof SoftwareCard sc) {
            for (Applet a : sc.applets()) {
                if (a instanceof CryptoMetered m) {
                    m.meterCrypto(meter);
                    any = true;
                }
            }
        }
        this.metered = any;
        this.cryptoSeen = meter.snapshot();
    }

    @Override
    public byte[] transmit(byte[] command) {
        long t0 = System.nanoTime();
        byte[] r = card.transmit(command);
        long took = System.nanoTime() - t0;
        double link = model.linkMs(command, r);
        double crypto = metered ? cryptoSince() : 0;
        linkMs.add(link);
        processingMs.add(model.commandMs());
        cryptoMs.add(crypto);
        apdus.increment();
        if (sleeperNanos != null) {
            long wait = (long) ((link + model.commandMs() + crypto) * 1e6) - took;
            if (wait > 0) {
                sleeperNanos.accept(wait);
            }
        }
        return r;
    }

    /** The model's cost of the operations counted since the previous command (one card: commands are serial). */
    private synchronized double cryptoSince() {
        long[] now = meter.snapshot();
        long[] delta = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            delta[i] = now[i] - cryptoSeen[i];
        }
        cryptoSeen = now;
        return model.crypto().ms(delta);
    }

    public CardLatencyModel model() {
        return model;
    }

    public double linkMs() {
        return linkMs.sum();
    }

    public double processingMs() {
        return processingMs.sum();
    }

    /** The model's time of the public-key operations the card's TLS engine performed (0 when the card is not metered). */
    public double cryptoMs() {
        return cryptoMs.sum();
    }

    /** The operations counted so far (all zero when the card is not metered). */
    public CryptoMeter meter() {
        return meter;
    }

    /** Whether an applet of the card counts its operations (a software card with the EAP-TLS applet). */
    public boolean metered() {
        return metered;
    }

    public long apdus() {
        return apdus.sum();
    }
}
