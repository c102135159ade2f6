package org.secfunet.card.fuzz;

import org.secfunet.card.runtime.OpenCard;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.store.CardStore;

/** Whatever the host sends, the card answers with at least a status word and never throws. */
class SoftwareCardFuzzTest {
    private static OpenCard card;

    private static synchronized OpenCard card() {
        if (card == null) {
            try {
                Path dir = Files.createTempDirectory("secfunet-fuzz");
                Path f = dir.resolve("fuzz.toml");
                CardStore.create(f, "fuzz", "1234".toCharArray());
                card = VirtualCards.open(f);
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return card;
    }

    @FuzzTest(maxDuration = "30s")
    void anyCommandSequence(FuzzedDataProvider data) {
        OpenCard c = card();
        c.card().powerOn();
        if (data.consumeBoolean()) {
            c.card().transmit(CommandApdu.of(0, 0xA4, 4, 0, TestApplet.AID).encode());
        }
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            byte[] apdu = data.consumeBytes(data.consumeInt(0, 400));
            if (apdu.length > 1 && (apdu[1] == 0x20)) {
                apdu[1] = 0x21; // keep the store's PIN counter out of the way: VERIFY is tested elsewhere
            }
            byte[] r = c.card().transmit(apdu);
            assertThat(r.length).isGreaterThanOrEqualTo(2);
        }
    }
}
