package org.secfunet.jca.card;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.part10.PinPadException;
import org.secfunet.service.CardPool;

/**
 * The cards behind one provider: one slot per configured reader, each holding at most one open
 * card session that operations borrow one at a time (a lease from a {@link CardPool}, so many
 * threads share few cards with a bounded wait). A session that failed (card removed, pcscd
 * restarted) is closed and opened again by the next operation, so the provider keeps working
 * without a JVM restart. PINs are presented per {@link PinSource} and never twice when wrong; with
 * {@code pin=pinpad} (or {@code pin=auto} on a reader that has one) the PIN is typed on the reader's
 * pinpad instead, asked again by the next operation after a wrong entry (the user types each one).
 */
public final class CardBank implements AutoCloseable {
    /** Requests that may wait for a card at once; more are refused as busy at once. */
    private static final int MAX_WAITERS = 1024;

    /** Work on a borrowed card. */
    @FunctionalInterface
    public interface CardWork<T> {
        T run(EapSmartcard card);
    }

    private final JcaSettings settings;
    private final Readers readers;
    private final CardPool pool;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    /** What the bank keeps of one reader; touched only by the holder of its lease. */
    static final class Slot {
        final String address;
        EapSmartcard card;
        byte[] serial;
        PinSource verifiedFor;
        /** The serial of the card each source's PIN was accepted by: a PIN is never shown to another card. */
        final Map<PinSource, byte[]> acceptedBy = new IdentityHashMap<>();
        /** Why each source's PIN was refused here: said again (the PIN is not presented again) to the operations that follow. */
        final Map<PinSource, CardProblem> refused = new IdentityHashMap<>();

        Slot(String address) {
            this.address = address;
        }

        void drop() {
            EapSmartcard c = card;
            card = null;
            verifiedFor = null;
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // the session is already broken
                }
            }
        }

        void dropAndReset() {
            EapSmartcard c = card;
            card = null;
            verifiedFor = null;
            if (c != null) {
                try {
                    c.session().closeAndReset();
                } catch (RuntimeException ignored) {
                    // the session is already broken
                }
            }
        }
    }

    public CardBank(JcaSettings settings, Readers readers) {
        this.settings = settings;
        this.readers = readers;
        for (String r : settings.readers()) {
            slots.putIfAbsent(r, new Slot(r));
        }
        this.pool = new CardPool(List.copyOf(slots.keySet()), MAX_WAITERS, System::nanoTime);
    }

    public JcaSettings settings() {
        return settings;
    }

    /** The configured reader addresses, in order. */
    public List<String> readers() {
        return List.copyOf(slots.keySet());
    }

    /** A free card among all readers, opened, selected and, unless {@code pins} is {@link PinSource#NONE}, verified. */
    public CardLease lease(PinSource pins) {
        return lease(readers(), pins);
    }

    /** The card in {@code reader} (one of {@link #readers()}). */
    public CardLease lease(String reader, PinSource pins) {
        if (!slots.containsKey(reader)) {
            throw new CardProblem(CardProblem.Reason.NO_READER, "reader '" + reader + "' is not one of this provider's readers " + readers());
        }
        return lease(List.of(reader), pins);
    }

    private CardLease lease(List<String> among, PinSource pins) {
        CardLease lease = take(among);
        try {
            open(lease.slot(), pins);
            return lease;
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** A lease on a free slot among {@code among}, as it is (no session opened). */
    private CardLease take(List<String> among) {
        CardPool.Lease l;
        try {
            l = pool.lease(among, settings.leaseWait().toMillis());
        } catch (CardPool.Busy e) {
            throw new CardProblem(CardProblem.Reason.BUSY, "no card free within " + settings.leaseWait().toSeconds() + " s (" + e.getMessage()
                    + "): add readers to the provider configuration or raise wait=");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardProblem(CardProblem.Reason.BUSY, "interrupted while waiting for a card");
        }
        return new CardLease(this, slots.get(l.cardId()), l);
    }

    /**
     * Runs {@code work} on a card, once again on a freshly opened session if the first one failed on
     * the way to the card (card reinserted, pcscd restarted) or lost its verification (card reset):
     * the retry is safe because the operations given here (a signature, reading public data) have
     * no effect on the card.
     */
    public <T> T withCard(String reader, PinSource pins, CardWork<T> work) {
        return withCardAmong(reader == null ? readers() : List.of(reader), pins, work);
    }

    /**
     * As {@link #withCard(String, PinSource, CardWork)}, on a free card among {@code among} (some of
     * {@link #readers()}: readers holding clones of one card, so work spreads over them).
     */
    public <T> T withCardAmong(List<String> among, PinSource pins, CardWork<T> work) {
        if (among.isEmpty()) {
            throw new CardProblem(CardProblem.Reason.NO_READER, "no reader given: use some of this provider's readers " + readers());
        }
        for (String r : among) {
            if (!slots.containsKey(r)) {
                throw new CardProblem(CardProblem.Reason.NO_READER, "reader '" + r + "' is not one of this provider's readers " + readers());
            }
        }
        List<String> list = List.copyOf(among);
        for (int attempt = 1; ; attempt++) {
            try (CardLease lease = lease(list, pins)) {
                try {
                    return work.run(lease.card());
                } catch (TransportException e) {
                    lease.broken();
                    if (attempt >= 2) {
                        throw absent(lease.reader(), e);
                    }
                } catch (EapCardException e) {
                    if (e.sw() != StatusWord.SECURITY_STATUS_NOT_SATISFIED || attempt >= 2 || pins == PinSource.NONE) {
                        throw refused(lease.reader(), e);
                    }
                    lease.broken(); // the card forgot its PIN (reset by another process): verify again once
                }
            }
        }
    }

    /** Opens the slot's session if it has none, and verifies the PIN for {@code pins} if needed. */
    private void open(Slot s, PinSource pins) {
        for (int attempt = 1; s.card == null; attempt++) {
            try {
                EapSmartcard c = new EapSmartcard(readers.connect(s.address, ConnectOptions.DEFAULT), Tracer.OFF);
                try {
                    c.select();
                    s.serial = c.serial();
                } catch (RuntimeException e) {
                    c.close();
                    throw e;
                }
                s.card = c;
            } catch (TransportException e) {
                if (attempt >= 2) {
                    throw absent(s.address, e);
                }
            } catch (EapCardException e) {
                throw new CardProblem(CardProblem.Reason.CARD_REFUSED, "the card in reader " + s.address
                        + " is not a SecFuNet EAP-TLS card (" + e.getMessage() + ")", -1, e);
            } catch (CardProblem e) {
                throw e;
            } catch (RuntimeException e) {
                // a reader address that cannot be opened (a vcard: file missing or unreadable, a bad address)
                throw new CardProblem(CardProblem.Reason.NO_READER, "cannot open reader " + s.address + ": " + e.getMessage(), -1, e);
            }
        }
        if (pins == PinSource.NONE || (s.verifiedFor == pins && settings.pinPolicy() == PinPolicy.CACHE)) {
            return;
        }
        if (settings.pinPad() != PinPadChoice.NEVER) {
            if (hasPinPad(s)) {
                verifyOnPinPad(s, pins);
                return;
            }
            if (settings.pinPad() == PinPadChoice.PINPAD) {
                throw new CardProblem(CardProblem.Reason.NO_PIN, "reader " + s.address + " has no pinpad (no PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT) "
                        + "but the provider configuration says pin=pinpad: use a pinpad reader, or pin=auto to give the PIN to KeyStore.load");
            }
        }
        byte[] accepted = s.acceptedBy.get(pins);
        if (accepted != null && !Arrays.equals(accepted, s.serial)) {
            throw new CardProblem(CardProblem.Reason.OTHER_CARD, "the card in reader " + s.address
                    + " is not the card this PIN was given for: load the key store (or initialize the context) again with its PIN");
        }
        char[] pin = pins.pin(s.address);
        if (pin == null) {
            CardProblem before = s.refused.get(pins);
            if (before != null) {
                throw new CardProblem(CardProblem.Reason.NO_PIN, before.getMessage() + " (the PIN is not presented again: correct it and start again)",
                        before.triesLeft(), null); // no PIN left to present, and why
            }
            throw new CardProblem(CardProblem.Reason.NO_PIN, "no PIN for the card in reader " + s.address
                    + ": give it to KeyStore.load (or javax.net.ssl.keyStorePassword), or set pin=env:NAME or pin=file:PATH in the provider configuration");
        }
        try {
            s.card.verifyPin(pin);
            s.verifiedFor = pins;
            s.acceptedBy.put(pins, s.serial.clone());
        } catch (EapCardException.PinException e) {
            pins.rejected();
            CardProblem p = pinProblem(s.address, e);
            s.refused.put(pins, p);
            throw p;
        } catch (org.secfunet.pcsc.PinFormatException e) {
            pins.rejected(); // it never reached the card, and never can
            throw new CardProblem(CardProblem.Reason.WRONG_PIN, "the PIN given for the card in reader " + s.address
                    + " is not one a card takes (" + e.getMessage() + "): it was not presented", -1, e);
        } catch (TransportException e) {
            s.drop();
            throw absent(s.address, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static boolean hasPinPad(Slot s) {
        try {
            return s.card.hasPinPad();
        } catch (TransportException e) {
            s.drop();
            throw absent(s.address, e);
        }
    }

    /**
     * The PIN typed on the slot's reader's pinpad. A wrong entry is not remembered as refused (the PIN
     * never passed the host, and the next operation asks the pinpad again: the user types each try).
     */
    private static void verifyOnPinPad(Slot s, PinSource pins) {
        try {
            s.card.verifyPinOnPinPad();
            s.verifiedFor = pins;
        } catch (EapCardException.PinException e) {
            throw pinProblem(s.address, e);
        } catch (PinPadException e) {
            throw new CardProblem(CardProblem.Reason.NO_PIN, "no PIN typed on the pinpad for the card in reader " + s.address + " ("
                    + e.getMessage() + "): start the operation again and type the PIN on the reader", -1, e);
        } catch (TransportException e) {
            s.drop();
            throw absent(s.address, e);
        }
    }

    static CardProblem pinProblem(String reader, EapCardException.PinException e) {
        if (e.blocked()) {
            return new CardProblem(CardProblem.Reason.PIN_BLOCKED, "the PIN of the card in reader " + reader
                    + " is blocked: unblock it with 'secfunet card pin unblock'", 0, e);
        }
        return new CardProblem(CardProblem.Reason.WRONG_PIN, "wrong PIN for the card in reader " + reader + ": " + e.triesLeft()
                + (e.triesLeft() == 1 ? " try" : " tries") + " left", e.triesLeft(), e);
    }

    static CardProblem absent(String reader, TransportException e) {
        return new CardProblem(CardProblem.Reason.CARD_ABSENT, "no card answers in reader " + reader + " (" + e.getMessage()
                + "): insert the card, or check the reader and pcscd", -1, e);
    }

    static CardProblem refused(String reader, EapCardException e) {
        if (e instanceof EapCardException.PinException p) {
            return pinProblem(reader, p);
        }
        return new CardProblem(CardProblem.Reason.CARD_REFUSED, "the card in reader " + reader + " refused: " + e.getMessage(), -1, e);
    }

    /** Closes every open session (the provider is going away). */
    @Override
    public void close() {
        for (String r : readers()) {
            try (CardLease l = take(List.of(r))) {
                l.slot().drop();
            } catch (CardProblem ignored) {
                // busy or absent: nothing to close
            }
        }
    }
}
