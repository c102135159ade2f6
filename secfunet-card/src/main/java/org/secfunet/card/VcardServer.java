package org.secfunet.card;

import org.secfunet.card.runtime.OpenCard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.secfunet.pcsc.vpcd.VpcdBridge;

/**
 * Serves software cards to pcscd through vpcd: one store, one vpcd slot each. Started and stopped
 * by its owner; stopping removes every card from its reader and releases the stores.
 */
public final class VcardServer implements AutoCloseable {
    /** One card to serve: its store and the vpcd slot (host, port) to plug it into. */
    public record Slot(Path store, String host, int port) {
    }

    private final List<OpenCard> cards = new ArrayList<>();
    private final List<VpcdBridge> bridges = new ArrayList<>();

    /**
     * Opens every store first (so a bad one fails before any card is inserted), then connects.
     *
     * @param listener told (slot, state) on every bridge state change, from the bridge threads
     */
    public VcardServer(List<Slot> slots, BiConsumer<Slot, VpcdBridge.State> listener) {
        this(slots, VpcdBridge.Options.DEFAULT, listener);
    }

    /** As above, every bridge with {@code options}. */
    public VcardServer(List<Slot> slots, VpcdBridge.Options options, BiConsumer<Slot, VpcdBridge.State> listener) {
        try {
            for (Slot s : slots) {
                cards.add(VirtualCards.open(s.store()));
            }
        } catch (RuntimeException e) {
            cards.forEach(OpenCard::close);
            throw e;
        }
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            bridges.add(new VpcdBridge(cards.get(i).card(), s.host(), s.port(), options, st -> listener.accept(s, st)));
        }
    }

    public VcardServer start() {
        bridges.forEach(VpcdBridge::start);
        return this;
    }

    @Override
    public void close() {
        bridges.forEach(VpcdBridge::close);
        cards.forEach(OpenCard::close);
    }
}
