package org.secfunet.card.sim;

import java.nio.file.Path;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.card.store.PinCounter;

/** Creates and opens software SIM/USIM cards. */
public final class SimCards {
    /**
     * A UICC ATR: T=0 (TA1 96: Fi=512, Di=32), T=15 global interface bytes (TA 'C7': 1.8/3/5 V,
     * clock stop), 15 historical bytes, TCK. Copied from no card in particular; documented in docs/sim.md.
     */
    public static final String DEFAULT_ATR = "3B9F96801FC78031A073BE21136743200718000001A5";

    private SimCards() {
    }

    /** Writes a new SIM store personalised from {@code profile}; refuses to overwrite a file. */
    public static void create(Path store, SimProfile profile) {
        SimImage img = new SimImage();
        img.label = profile.label();
        img.type = profile.type();
        img.atr = DEFAULT_ATR;
        img.imsi = profile.imsi();
        img.iccid = profile.iccid();
        img.k = Hex.encode(profile.k());
        img.opc = Hex.encode(profile.opc());
        img.amf = Hex.encode(profile.amf());
        img.sqnMs = Hex.encode(profile.sqn());
        img.mncLength = profile.mncLength();
        img.pin = PinCounter.of(profile.pin().toCharArray(), SimImage.PIN_TRIES);
        img.pin.enabled = profile.pinEnabled();
        if (profile.puk() != null) {
            img.puk = PinCounter.of(profile.puk().toCharArray(), SimImage.PUK_TRIES);
        }
        SimCardStore.create(store, img);
    }

    /** Opens (and locks) a SIM store as a powered-off software card. */
    public static OpenCard open(Path store) {
        SimCardStore s = SimCardStore.open(store);
        try {
            return new OpenCard(card(s), s);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The software card of an open store: the USIM applet is also the default applet (file system from power-on). */
    public static SoftwareCard card(SimCardStore store) {
        SimImage img = store.image();
        UsimApplet usim = new UsimApplet(store);
        return new SoftwareCard(img.label, Hex.decode(img.atr), List.of(usim), usim);
    }
}
