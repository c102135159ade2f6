package org.secfunet.pcsc;

/** A card that does what another one does; a subclass changes what it overrides (e.g. meters or checks {@link #transmit}). */
public class ForwardingCardDevice implements CardDevice {
    protected final CardDevice card;

    public ForwardingCardDevice(CardDevice card) {
        this.card = card;
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
        return card.transmit(command);
    }

    @Override
    public String label() {
        return card.label();
    }
}
