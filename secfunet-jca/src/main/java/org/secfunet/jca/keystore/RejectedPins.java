package org.secfunet.jca.keystore;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.card.PinSource;

/**
 * The PINs one key store's callback handlers gave and the card refused, kept only as keyed hashes
 * (a random key of this object, in memory): such a PIN is not presented again. {@code KeyStore.Builder}
 * loads again (three times) after a wrong password, and a handler that keeps answering the same
 * wrong PIN would otherwise block the card. (A PIN the application gives to {@code load} or
 * {@code getKey} itself is presented each time it is given.)
 */
final class RejectedPins {
    private static final int KEPT = 4;
    private final byte[] hashKey = new byte[32];
    private final byte[][] marks = new byte[KEPT][];
    private int next;

    RejectedPins() {
        new SecureRandom().nextBytes(hashKey);
    }

    /** {@code source}, refusing (without presenting it) a PIN already refused, and remembering those the card refuses. */
    PinSource guard(PinSource source) {
        if (source == PinSource.NONE) {
            return source;
        }
        return new PinSource() {
            private volatile byte[] lastGiven;

            @Override
            public char[] pin(String reader) {
                char[] p = source.pin(reader);
                if (p == null) {
                    return null;
                }
                byte[] mark = mark(p);
                if (seen(mark)) {
                    Arrays.fill(p, '\0');
                    throw new CardProblem(CardProblem.Reason.WRONG_PIN, "wrong PIN for the card in reader " + reader
                            + ": the card refused this PIN before, so it is not presented again; give the right PIN", -1, null);
                }
                lastGiven = mark;
                return p;
            }

            @Override
            public void rejected() {
                source.rejected();
                byte[] m = lastGiven;
                if (m != null) {
                    remember(m);
                }
            }
        };
    }

    /** Forgets every refused PIN (a load with a PIN succeeded: the cards behind the store may have changed). */
    synchronized void clear() {
        Arrays.fill(marks, null);
    }

    private synchronized boolean seen(byte[] mark) {
        for (byte[] m : marks) {
            if (m != null && MessageDigest.isEqual(m, mark)) {
                return true;
            }
        }
        return false;
    }

    private synchronized void remember(byte[] mark) {
        marks[next] = mark;
        next = (next + 1) % KEPT;
    }

    private byte[] mark(char[] pin) {
        ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        buf.clear();
        buf.put(new byte[buf.capacity()]);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return mac.doFinal(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }
}
