package org.secfunet.radius.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.SecretSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator PINs of a radius_server's pool on ZooKeeper, and the SEs this instance holds out of
 * its pool so that a PIN the card refused is never presented again by itself. Each held-out SE
 * keeps an HMAC-SHA256 of the PIN held back, under a key drawn at random when this object is made
 * (never the PIN, never logged, never written anywhere); at most once per
 * {@link #CHECK_MILLIS} (the pool's probe period) its PIN source is read again, and the SE is taken
 * back when the source now yields another secret, and none of the last {@link #REFUSED_KEPT} its
 * card refused here (the operator fixed it: the new PIN is then presented, within the SE's shared
 * budget). A source that yields the same secret, or none, keeps it out. A {@code pass:} or
 * {@code env:} source cannot change while the process runs: a restart takes those back.
 *
 * <p>Why an SE is held out:
 * <ul>
 * <li>the card refused the PIN this instance presented (counted in the shared budget);</li>
 * <li>the SE's shared wrong-PIN budget is full (another radius_server's PIN was refused), so this
 * instance's PIN, never presented, may be the same wrong one: held back as if refused;</li>
 * <li>the budget is full but this instance's PIN is the one its card last accepted here, or one the
 * operator put in after a refusal here, or the budget holds only tries in flight: the SE waits
 * until the budget has room, then comes back by itself (no PIN that a card refused here is
 * involved).</li>
 * </ul>
 */
final class PoolPins {
    private static final Logger LOG = LoggerFactory.getLogger(PoolPins.class);
    /** How often at most a held-out SE's PIN source is read again: the period of radius_server's probe of failed cards. */
    static final long CHECK_MILLIS = TimeUnit.SECONDS.toMillis(RadiusServer.TIMER_PERIOD_SECONDS);
    private static final String HMAC = "HmacSHA256";
    /** How many refused PINs per SE are remembered (their HMACs). */
    static final int REFUSED_KEPT = 16;

    /** The shared wrong-PIN budget of each SE (a {@link org.secfunet.coord.PinLedger} on ZooKeeper). */
    interface Budget {
        /** A reserved try for {@code seid}, or null when its budget is full. */
        Try reserve(String seid);

        /** 0 when the budget holds only tries in flight, else the milliseconds until its oldest wrong PIN ages out. */
        long blockedForMillis(String seid);

        /** A reserved try: {@link #failed} when the card refused the PIN, else closing gives it back. */
        interface Try extends AutoCloseable {
            void failed();

            @Override
            void close();
        }
    }

    /**
     * An SE held out: the HMAC of the PIN held back (null: none, the SE waits for its budget),
     * why, until when at least it waits (nanos), and when its source was last read.
     */
    private record Held(byte[] mac, String why, long untilNanos, long checkedNanos) {
    }

    private final Budget budget;
    private final GridCardStats stats;
    private final LongSupplier nanos;
    private final String pool;
    /** The budget, for messages: {@code N time(s) within S s}. */
    private final String limit;
    private final byte[] key = new byte[32];
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /**
     * Per SE, the HMAC of this instance's PIN that is not suspect: the one its card last accepted here,
     * or the one the operator put in after a refusal here (taken back for it).
     */
    private final Map<String, byte[]> trusted = new ConcurrentHashMap<>();
    /** Per SE, the HMACs of the PINs its card refused here, newest last (at most {@link #REFUSED_KEPT}): none comes back by itself. */
    private final Map<String, List<byte[]>> refused = new ConcurrentHashMap<>();

    /** {@code maxFailures} wrong PINs per SE per {@code windowSeconds} are what {@code budget} allows (for messages). */
    PoolPins(String pool, Budget budget, int maxFailures, long windowSeconds, GridCardStats stats, LongSupplier nanos) {
        this.pool = pool;
        this.limit = maxFailures + " time(s) within " + windowSeconds + " s";
        this.budget = budget;
        this.stats = stats;
        this.nanos = nanos;
        new SecureRandom().nextBytes(key);
    }

    /** The SEs held out now, with why. */
    Map<String, String> out() {
        Map<String, String> m = new LinkedHashMap<>();
        held.forEach((seid, h) -> m.put(seid, h.why()));
        return Map.copyOf(m);
    }

    /**
     * Why {@code seid} is held out, or null when it is in service; its PIN source {@code pin} is read
     * again when the last read is at least {@link #CHECK_MILLIS} old, and the SE taken back (one
     * INFO line) when the source yields another secret than the one held back.
     */
    String heldOut(String seid, SecretSpec pin) {
        Held h = held.get(seid);
        if (h == null) {
            return null;
        }
        long now = nanos.getAsLong();
        if (now - h.checkedNanos() < TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
            return h.why();
        }
        if (h.mac() == null) {
            if (now - h.untilNanos() < 0) {
                return h.why();
            }
            if (held.remove(seid, h)) {
                LOG.info("SE {} is back in this radius_server's pool {}: its shared PIN budget may have room again", seid, pool);
            }
            return null;
        }
        byte[] mac;
        try {
            mac = mac(pin.read());
        } catch (IllegalStateException e) {
            held.replace(seid, h, new Held(h.mac(), h.why(), h.untilNanos(), now));
            return h.why(); // no secret from the source: nothing to compare, the SE stays out
        }
        if (MessageDigest.isEqual(mac, h.mac()) || wasRefused(seid, mac)) {
            held.replace(seid, h, new Held(h.mac(), h.why(), h.untilNanos(), now));
            return h.why();
        }
        if (held.remove(seid, h)) {
            trusted.put(seid, mac);
            LOG.info("SE {} is back in this radius_server's pool {}: its PIN source ({}) now gives another PIN, not one refused yet", seid,
                    pool, pin);
        }
        return null;
    }

    /** Reads every held-out SE's PIN source that is due ({@link #heldOut}); {@code pins} gives each SE's source. */
    void recheck(Function<String, SecretSpec> pins) {
        for (String seid : held.keySet()) {
            heldOut(seid, pins.apply(seid));
        }
    }

    /**
     * Presents {@code seid}'s PIN from {@code pin} to {@code card} within the SE's shared budget. A
     * refusal by the card or a full budget holds the SE out (one WARN line) and is thrown: the
     * card's {@link EapCardException.PinException}, or a {@link CardSource.Failed}.
     */
    void present(String seid, SecretSpec pin, EapSmartcard card) {
        char[] secret = pin.read();
        try {
            Budget.Try t = budget.reserve(seid);
            if (t == null) {
                stats.pinBudgetFull.incrementAndGet();
                throw new CardSource.Failed("card " + seid + ": " + budgetFull(seid, pin, secret));
            }
            try (t) {
                try {
                    card.verifyPin(secret);
                    trusted.put(seid, mac(secret));
                } catch (EapCardException.PinException e) {
                    t.failed();
                    stats.pinRefused.incrementAndGet();
                    trusted.remove(seid);
                    byte[] mac = mac(secret);
                    refused.compute(seid, (k, l) -> {
                        List<byte[]> n = new ArrayList<>(l == null ? List.of() : l);
                        n.add(mac);
                        return List.copyOf(n.subList(Math.max(0, n.size() - REFUSED_KEPT), n.size()));
                    });
                    hold(seid, new Held(mac, "PIN refused: " + e.getMessage() + "; fix its PIN source (" + pin
                            + "): the SE comes back when it gives a PIN not refused yet", 0, nanos.getAsLong()));
                    throw e;
                }
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private boolean wasRefused(String seid, byte[] mac) {
        for (byte[] r : refused.getOrDefault(seid, List.of())) {
            if (MessageDigest.isEqual(mac, r)) {
                return true;
            }
        }
        return false;
    }

    /** Holds {@code seid} out for its full budget (see the class comment for which way); returns why. */
    private String budgetFull(String seid, SecretSpec pin, char[] secret) {
        long blocked = budget.blockedForMillis(seid);
        byte[] mac = mac(secret);
        byte[] known = trusted.get(seid);
        long now = nanos.getAsLong();
        Held h;
        if (blocked == 0) {
            h = new Held(null, "its shared PIN budget is full of tries in flight (pool.pin_max_failures): waits " + CHECK_MILLIS
                    + " ms for room", now + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS), now);
        } else if (known != null && MessageDigest.isEqual(mac, known)) {
            h = new Held(null, "its PIN was refused " + limit + " across the radius_servers (pool.pin_max_failures); this server's PIN, "
                    + "accepted by the card here or new since the last refusal here, waits " + blocked + " ms for room",
                    now + TimeUnit.MILLISECONDS.toNanos(blocked), now);
        } else {
            h = new Held(mac, "its PIN was refused " + limit + " across the radius_servers (pool.pin_max_failures) and this server's PIN "
                    + "may be the same: not presented; fix its PIN source (" + pin + "): the SE comes back when it gives another PIN", 0, now);
        }
        hold(seid, h);
        return h.why();
    }

    private void hold(String seid, Held h) {
        held.put(seid, h);
        LOG.warn("SE {} leaves this radius_server's pool {}: {}", seid, pool, h.why());
    }

    /** HMAC-SHA256 of {@code secret} (UTF-8) under this object's random key; {@code secret} is wiped. */
    private byte[] mac(char[] secret) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(new SecretKeySpec(key, HMAC));
            return m.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + HMAC + " in this JDK", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
            Arrays.fill(secret, '\0');
        }
    }
}
