package org.secfunet.card;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.secfunet.apdu.Hex;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.runtime.CardKind;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.card.store.CardImage;
import org.secfunet.card.store.CardStore;
import org.secfunet.card.store.StoreLock;

/** Opens a software card from its store file, whatever its kind. */
public final class VirtualCards {
    /** Enough of a store file to tell its kind. */
    private static final int HEAD_BYTES = 64;
    private static final List<CardKind> KINDS = ServiceLoader.load(CardKind.class, CardKind.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private VirtualCards() {
    }

    /** Opens the card of a store file: a kind found on the class path (EAP-TLS, SIM/USIM), else the test card. */
    public static OpenCard open(Path storeFile) {
        byte[] head = StoreLock.head(storeFile, HEAD_BYTES); // the kind only: the store itself reads the file under its lock
        for (CardKind kind : KINDS) {
            if (kind.recognises(head)) {
                return kind.open(storeFile);
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
