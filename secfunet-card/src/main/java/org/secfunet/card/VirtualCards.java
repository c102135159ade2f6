package org.secfunet.card;

import java.nio.file.Path;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.card.store.CardImage;
import org.secfunet.card.store.CardStore;

/** Opens a software card from its store file. */
public final class VirtualCards {
    private VirtualCards() {
    }

    /** A software card and the store it holds locked; closing releases the store. */
    public record OpenCard(SoftwareCard card, CardStore store) implements AutoCloseable {
        @Override
        public void close() {
            card.powerOff();
            store.close();
        }
    }

    public static OpenCard open(Path storeFile) {
        CardStore store = CardStore.open(storeFile);
        try {
            CardImage img = store.image();
            SoftwareCard card = new SoftwareCard(img.label, Hex.decode(img.atr), List.of(new TestApplet(store)));
            return new OpenCard(card, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
