package org.secfunet.card;

import org.secfunet.card.runtime.OpenCard;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.ReaderProvider;

/** {@code vcard:FILE}: the software card of that store, run in this process for the session. */
public final class VcardReaderProvider implements ReaderProvider {
    @Override
    public String syntax() {
        return VcardAddress.SYNTAX;
    }

    @Override
    public ReaderAddress parse(String text) {
        return VcardAddress.parseOrNull(text);
    }

    @Override
    public boolean supports(ReaderAddress address) {
        return address instanceof VcardAddress;
    }

    @Override
    public CardSession connect(ReaderAddress address, ConnectOptions options) {
        VcardAddress vc = (VcardAddress) address;
        OpenCard open = VirtualCards.open(vc.store());
        return new InProcessSession(open.card(), vc.text(), open::close);
    }
}
