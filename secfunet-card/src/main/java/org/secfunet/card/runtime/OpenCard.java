package org.secfunet.card.runtime;

/** A software card and the store it holds locked; closing powers the card off and releases the store. */
public record OpenCard(SoftwareCard card, AutoCloseable store) implements AutoCloseable {
    @Override
    public void close() {
        card.powerOff();
        try {
            store.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the card store: " + e.getMessage(), e);
        }
    }
}
