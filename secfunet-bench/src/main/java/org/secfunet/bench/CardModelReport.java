package org.secfunet.bench;

import java.util.Collection;
import org.secfunet.card.runtime.CardLatencyModel;
import org.secfunet.card.runtime.ModelledCard;
import org.secfunet.eap.tls.engine.CryptoMeter;

/**
 * The real-card latency model's per-handshake figures of some modelled cards: card-ms per handshake
 * (link + per-command processing + the card's public-key operations) and the handshakes/s one such
 * card could do, as {@code bench s_scard} and {@code bench grid} print them.
 *
 * @param linkMs link time per handshake
 * @param processingMs per-command processing per handshake
 * @param cryptoMs public-key operations per handshake
 * @param apdus APDUs per handshake
 * @param ops operation counts per handshake (indexed by {@link CryptoMeter.Op#ordinal()})
 */
record CardModelReport(CardLatencyModel model, double linkMs, double processingMs, double cryptoMs, double apdus, double[] ops) {
    /**
     * Per handshake of the cards' sessions that ran one (each handshake makes one key agreement;
     * probes and sessions without a handshake left out). A session that s_hypervisor kept verified
     * ran several handshakes: its power-on, SELECT and VERIFY are shared among them.
     */
    static CardModelReport ofSessions(CardLatencyModel model, Collection<ModelledCard> sessions) {
        double link = 0;
        double proc = 0;
        double crypto = 0;
        double apdus = 0;
        double[] ops = new double[CryptoMeter.Op.values().length];
        int n = 0;
        for (ModelledCard c : sessions) {
            long[] s = c.meter().snapshot();
            long handshakes = s[CryptoMeter.Op.KEY_AGREEMENT.ordinal()]; // one key agreement per handshake
            if (handshakes == 0) {
                continue;
            }
            n += (int) handshakes; // a session kept verified between handshakes ran several
            link += c.linkMs();
            proc += c.processingMs();
            crypto += c.cryptoMs();
            apdus += c.apdus();
            for (int i = 0; i < s.length; i++) {
                ops[i] += s[i];
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no modelled card session ran a handshake");
        }
        for (int i = 0; i < ops.length; i++) {
            ops[i] /= n;
        }
        return new CardModelReport(model, link / n, proc / n, crypto / n, apdus / n, ops);
    }

    double cardMs() {
        return linkMs + processingMs + cryptoMs;
    }

    /** E.g. {@code KEY_PAIR 1 KEY_AGREEMENT 1 EC_SIGN 1 EC_VERIFY 1 CHAIN_EC_VERIFY 1}. */
    String opsText() {
        StringBuilder b = new StringBuilder();
        for (CryptoMeter.Op op : CryptoMeter.Op.values()) {
            double v = ops[op.ordinal()];
            if (v != 0) {
                b.append(b.isEmpty() ? "" : " ").append(op).append(' ').append(v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v));
            }
        }
        return b.isEmpty() ? "none counted" : b.toString();
    }

    String line() {
        return String.format("  real-card model %-15s card-ms per handshake %8.1f (link %.1f + processing %.1f + crypto %.1f [%s]), %.2f handshakes/s per card",
                model.name(), cardMs(), linkMs, processingMs, cryptoMs, opsText(), 1000 / cardMs());
    }
}
