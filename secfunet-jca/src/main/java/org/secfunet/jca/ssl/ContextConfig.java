package org.secfunet.jca.ssl;

import org.secfunet.jca.card.CardBank;
import org.secfunet.jca.card.JcaSettings;
import org.secfunet.jca.card.PinSource;

/**
 * What one initialized {@code SSLContext} hands every socket and engine it makes: the cards and the
 * PIN source (one object per context, so a card verified for it stays verified under
 * {@code pin-policy=cache}).
 */
record ContextConfig(CardBank bank, PinSource pins) {
    JcaSettings settings() {
        return bank.settings();
    }
}
