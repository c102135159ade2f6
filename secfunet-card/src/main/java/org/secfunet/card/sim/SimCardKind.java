package org.secfunet.card.sim;

import java.nio.file.Path;
import org.secfunet.card.runtime.CardKind;
import org.secfunet.card.runtime.OpenCard;

/** SIM/USIM card stores. */
public final class SimCardKind implements CardKind {
    @Override
    public boolean recognises(byte[] head) {
        return SimCardStore.isSimStore(head);
    }

    @Override
    public OpenCard open(Path store) {
        return SimCards.open(store);
    }
}
