package org.secfunet.jca.card;

import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;

/**
 * One card borrowed from a {@link CardBank} by one operation (a signature, a handshake), from any
 * thread to any thread; close it exactly once when the operation ends.
 */
public final class CardLease implements AutoCloseable {
    private final CardBank bank;
    private final CardBank.Slot slot;
    private final CardPool.Lease lease;
    private boolean closed;

    CardLease(CardBank bank, CardBank.Slot slot, CardPool.Lease lease) {
        this.bank = bank;
        this.slot = slot;
        this.lease = lease;
    }

    CardBank.Slot slot() {
        return slot;
    }

    /** The card, selected and verified as the lease asked. */
    public EapSmartcard card() {
        if (slot.card == null) {
            throw new CardProblem(CardProblem.Reason.CARD_ABSENT, "the session to the card in reader " + slot.address + " was closed");
        }
        return slot.card;
    }

    public String reader() {
        return slot.address;
    }

    /** The session failed on the way to the card: it is closed, and the next lease opens a new one. */
    public void broken() {
        slot.drop();
    }

    /**
     * Gives the card back. Under {@link PinPolicy#PER_OPERATION} a verified card is reset first, so
     * its verification ends with the operation.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (slot.verifiedFor != null && bank.settings().pinPolicy() == PinPolicy.PER_OPERATION) {
            slot.dropAndReset();
        }
        lease.close();
    }
}
