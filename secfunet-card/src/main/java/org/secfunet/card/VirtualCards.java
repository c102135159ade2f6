package org.secfunet.card;

import java.nio.file.Path;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.card.sim.SimCardStore;
import org.secfunet.card.sim.SimCards;
import org.secfunet.card.store.CardImage;
import java.time.Instant;
import org.secfunet.card.eaptls.EapCardImage;
import org.secfunet.card.eaptls.EapCardStore;
import org.secfunet.card.eaptls.EapTlsApplet;
import org.secfunet.card.store.CardStore;
import org.secfunet.card.store.StoreLock;
import org.secfunet.eap.method.EapTlsConfig;

/** Opens a software card from its store file. */
public final class VirtualCards {
    private VirtualCards() {
    }

    /** A software card and the store it holds locked; closing releases the store. */
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

    /** Opens the card of a store file: an EAP-TLS card, a SIM/USIM card, or the test card. */
    public static OpenCard open(Path storeFile) {
        byte[] head = StoreLock.head(storeFile, 64); // the kind only: the store itself reads the file under its lock
        if (SimCardStore.isSimStore(head)) {
            return SimCards.open(storeFile);
        }
        if (EapCardStore.isEapCardStore(head)) {
            EapCardStore store = EapCardStore.open(storeFile);
            try {
                EapCardImage img = store.image();
                SoftwareCard card = new SoftwareCard(img.label, Hex.decode(img.atr),
                        List.of(new EapTlsApplet(store, Instant::now, EapTlsConfig.DEFAULT)));
                return new OpenCard(card, store);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
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
