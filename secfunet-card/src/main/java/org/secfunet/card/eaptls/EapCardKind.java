package org.secfunet.card.eaptls;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.card.runtime.CardKind;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.eap.method.EapTlsConfig;

/** EAP-TLS card stores: the EAP-TLS applet over its sealed store. */
public final class EapCardKind extends CardKind {
    public EapCardKind() {
        super(EapCardStore::isEapCardStore, EapCardKind::openStore);
    }

    private static OpenCard openStore(Path storeFile) {
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
}
