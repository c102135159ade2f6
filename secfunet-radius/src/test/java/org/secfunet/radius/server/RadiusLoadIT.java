package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.service.CardPool;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.lab.RadiusLoad;

/** Bounded load: 48 authentications by 8 peers at once through radius_server with 4 cards; every one succeeds, nothing stays held. */
class RadiusLoadIT {
    @TempDir
    Path dir;

    @Test
    void concurrentConversationsSpreadOverTheCardsAndAllSucceed() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 4, Duration.ofDays(1));
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start()) {
            RadiusLoad.Report r = RadiusLoad.run(lab, server.port(), 8, 48, 240);
            assertThat(r.failures()).isEmpty();
            assertThat(r.ok()).isEqualTo(48);
            assertThat(server.stats().accepts.get()).isEqualTo(48);
            assertThat(server.conversations()).isZero();
            assertThat(server.pool().counts().get(CardPool.State.FREE)).isEqualTo(4);
            System.out.printf("radius load: %d ok, %.1f auth/s, p50 %.1f ms, p99 %.1f ms; %s%n", r.ok(), r.perSecond(), r.p50(), r.p99(), server.stats());
        }
    }
}
