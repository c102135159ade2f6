package org.secfunet.card.sim;

import org.secfunet.card.runtime.CardKind;

/** SIM/USIM card stores. */
public final class SimCardKind extends CardKind {
    public SimCardKind() {
        super(SimCardStore::isSimStore, SimCards::open);
    }
}
