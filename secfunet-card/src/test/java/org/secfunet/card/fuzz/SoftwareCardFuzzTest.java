package org.secfunet.card.fuzz;

import org.secfunet.card.runtime.OpenCard;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Supplier;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.store.CardStore;

/** Whatever the host sends, the card answers with at least a status word and never throws. */
class SoftwareCardFuzzTest {
    private static final Supplier<OpenCard> CARD = FuzzCards.once("secfunet-fuzz", "fuzz.toml",
            f -> CardStore.create(f, "fuzz", "1234".toCharArray()));

    @FuzzTest(maxDuration = "30s")
    void anyCommandSequence(FuzzedDataProvider data) {
        OpenCard c = CARD.get();
        c.card().powerOn();
        if (data.consumeBoolean()) {
            c.card().transmit(CommandApdu.of(0, 0xA4, 4, 0, TestApplet.AID).encode());
        }
        FuzzCards.sendSome(c, data, 400, apdu -> {
            if (apdu.length > 1 && (apdu[1] == 0x20)) {
                apdu[1] = 0x21; // keep the store's PIN counter out of the way: VERIFY is tested elsewhere
            }
        });
    }
}
