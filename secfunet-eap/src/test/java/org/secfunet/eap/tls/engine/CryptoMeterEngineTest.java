package org.secfunet.eap.tls.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/** Without a meter an engine runs Bouncy Castle's crypto undecorated; with one, the counting crypto. */
class CryptoMeterEngineTest {
    private static final TlsSettings SETTINGS = new TlsSettings(Set.of("1.2", "1.3"), List.of(), null, List.of(), true, null);

    @Test
    void noMeterMeansThePlainCrypto() {
        assertThat(BcTlsEngine.client(SETTINGS).crypto().getClass()).isEqualTo(BcTlsCrypto.class);
        assertThat(BcTlsEngine.server(SETTINGS).crypto().getClass()).isEqualTo(BcTlsCrypto.class);
    }

    @Test
    void aMeterCountsTheClientHellosKeyShare() {
        CryptoMeter meter = new CryptoMeter();
        BcTlsEngine client = BcTlsEngine.client(SETTINGS, meter);
        assertThat(client.crypto()).isInstanceOf(MeteredCrypto.class);
        assertThat(client.takeOutput()).isNotEmpty();
        assertThat(meter.count(CryptoMeter.Op.KEY_PAIR)).isEqualTo(1);
        assertThat(meter.toString()).isEqualTo("KEY_PAIR=1");
    }
}
