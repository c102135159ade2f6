package org.secfunet.grid.hypervisor;

import org.secfunet.service.CardPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;

/** The RACS server goes away and comes back: s_hypervisor notices, takes its card out, and recovers by itself. */
class RacsRestartTest {
    @TempDir
    Path dir;

    private VmClient.Session connect(GridLab lab) throws Exception {
        return VmClient.connect(lab.hypervisorAddress(), lab.vm("vm-1"), VmRequest.parse("CONNECT 127.0.0.1:" + lab.targetPort() + " mode=handoff"),
                null, 20_000);
    }

    @Test
    void theHypervisorReconnectsAfterTheRacsServerRestarts() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(1, 1, true, 1_000, 4))) {
            try (VmClient.Session s = connect(lab)) {
                assertThat(s.card()).isEqualTo("c1");
            }
            int port = lab.racsPort();
            lab.stopRacs();
            assertThatThrownBy(() -> connect(lab)).isInstanceOfSatisfying(VmRefusedException.class,
                    e -> assertThat(e.reply().code()).isEqualTo("card")).hasMessageContaining("cannot reach the RACS server");
            assertThat(lab.hypervisor().pool().state("c1")).isEqualTo(CardPool.State.OUT);
            assertThatThrownBy(() -> connect(lab)).hasMessageContaining("no card in service");
            lab.startRacs(port);
            long end = System.nanoTime() + 15_000_000_000L;
            while (lab.hypervisor().pool().state("c1") != CardPool.State.FREE && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(lab.hypervisor().pool().state("c1")).isEqualTo(CardPool.State.FREE);
            try (VmClient.Session s = connect(lab)) {
                assertThat(s.version()).isNotNull();
            }
        }
    }
}
