package org.secfunet.card.runtime;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.secfunet.pcsc.CardDevice;

/**
 * A card decorator that charges each APDU the time of a {@link CardLatencyModel}: it always
 * accounts (link ms, processing ms, APDUs), and with a sleeper also delays each answer by the
 * modelled time minus what the software card took. Benchmark tool only; never installed by default.
 */
public final class ModelledCard implements CardDevice {
    private final CardDevice card;
    private final CardLatencyModel model;
    private final LongConsumer sleeperNanos;
    private final DoubleAdder linkMs = new DoubleAdder();
    private final DoubleAdder processingMs = new DoubleAdder();
    private final LongAdder apdus = new LongAdder();

    /**
     * @param sleeperNanos called with the nanoseconds to wait after each answer, or null to only account
     */
    public ModelledCard(CardDevice card, CardLatencyModel model, LongConsumer sleeperNanos) {
        this.card = card;
        this.model = model;
        this.sleeperNanos = sleeperNanos;
    }

    @Override
    public String label() {
        return card.label();
    }

    @Override
    public byte[] atr() {
        return card.atr();
    }

    @Override
    public void powerOn() {
        card.powerOn();
    }

    @Override
    public void powerOff() {
        card.powerOff();
    }

    @Override
    public void reset() {
        card.reset();
    }

    @Override
    public byte[] transmit(byte[] command) {
        long t0 = System.nanoTime();
        byte[] r = card.transmit(command);
        long took = System.nanoTime() - t0;
        double link = model.linkMs(command, r);
        linkMs.add(link);
        processingMs.add(model.commandMs());
        apdus.increment();
        if (sleeperNanos != null) {
            long wait = (long) ((link + model.commandMs()) * 1e6) - took;
            if (wait > 0) {
                sleeperNanos.accept(wait);
            }
        }
        return r;
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

    public long apdus() {
        return apdus.sum();
    }
}
