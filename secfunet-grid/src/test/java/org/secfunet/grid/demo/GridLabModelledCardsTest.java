package org.secfunet.grid.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.runtime.CardLatencyModel;
import org.secfunet.card.runtime.ModelledCard;
import org.secfunet.eap.tls.engine.CryptoMeter;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.grid.vm.VmClient;

/** A lab whose RACS cards pass through a wrapper: each power-on is one modelled card session, the handshake's operations counted in it. */
class GridLabModelledCardsTest {
    @TempDir
    Path dir;

    @Test
    void aHandshakeThroughRacsRunsOnAModelledCard() throws Exception {
        Queue<ModelledCard> sessions = new ConcurrentLinkedQueue<>();
        CardLatencyModel model = CardLatencyModel.profile("contact-115200");
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 5_000, 4), "", card -> {
            ModelledCard c = new ModelledCard(card, model, null);
            sessions.add(c);
            return c;
        })) {
            try (VmClient.Session s = VmClient.connect(lab.hypervisorAddress(), lab.vm("vm-1"),
                    VmRequest.parse("CONNECT 127.0.0.1:" + lab.targetPort() + " mode=handoff"), null, 20_000)) {
                assertThat(s.card()).isEqualTo("c1");
            }
        }
        List<ModelledCard> handshakes = sessions.stream().filter(c -> c.meter().count(CryptoMeter.Op.KEY_AGREEMENT) > 0).toList();
        assertThat(handshakes).hasSize(1);
        ModelledCard c = handshakes.get(0);
        assertThat(c.meter().count(CryptoMeter.Op.EC_SIGN)).isEqualTo(1);
        assertThat(c.meter().count(CryptoMeter.Op.EC_VERIFY)).isEqualTo(1);
        assertThat(c.cryptoMs()).isGreaterThan(0);
        assertThat(c.linkMs()).isGreaterThan(0);
    }
}
