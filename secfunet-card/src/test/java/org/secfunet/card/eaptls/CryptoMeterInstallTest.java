package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.CardLatencyModel;
import org.secfunet.card.runtime.ModelledCard;
import org.secfunet.card.runtime.OpenCard;

/** The crypto meter is installed only by the real-card latency model: an opened card's applet has none. */
class CryptoMeterInstallTest {
    @TempDir
    Path dir;

    @Test
    void aCardOpenedWithoutAModelHasNoMeterAndTheModelInstallsOne() {
        Path store = dir.resolve("c.sfn");
        EapCards.init(store, "meter", CardFixture.PIN, CardFixture.PUK);
        try (OpenCard open = VirtualCards.open(store)) {
            EapTlsApplet applet = (EapTlsApplet) open.card().applets().stream().filter(a -> a instanceof EapTlsApplet).findFirst().orElseThrow();
            assertThat(applet.cryptoMeter()).isNull();
            ModelledCard modelled = new ModelledCard(open.card(), CardLatencyModel.profile("default-9600"), null);
            assertThat(modelled.metered()).isTrue();
            assertThat(applet.cryptoMeter()).isSameAs(modelled.meter());
        }
    }
}
