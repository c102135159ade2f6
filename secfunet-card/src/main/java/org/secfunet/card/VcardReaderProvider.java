package org.secfunet.card;

import org.secfunet.card.runtime.OpenCard;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.SchemeProvider;

/** {@code vcard:FILE}: the software card of that store, run in this process for the session. */
public final class VcardReaderProvider extends SchemeProvider<VcardAddress> {
    public VcardReaderProvider() {
        super(VcardAddress.class, VcardAddress.SYNTAX, VcardAddress::parseOrNull);
    }

    @Override
    protected CardSession open(VcardAddress address, ConnectOptions options) {
        OpenCard open = VirtualCards.open(address.store());
        return new InProcessSession(open.card(), address.text(), open::close);
    }
}
