package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.card.VcardServer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.Readers;

/**
 * pcscd restarts under a running JVM: the SDK re-creates the PC/SC context and the software card
 * reconnects to the new vpcd by itself; nothing else is restarted.
 */
class PcscdRestartIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void theSdkAndTheSoftwareCardSurviveAPcscdRestart() throws Exception {
        PcscTestEnv.require();
        String hook = System.getenv("SECFUNET_PCSCD_RESTART");
        assumeTrue(hook != null || "1".equals(System.getenv("SECFUNET_PCSC_REQUIRED")), "no pcscd restart hook");
        assertThat(hook).as("SECFUNET_PCSCD_RESTART (set by bin/test)").isNotNull();
        String reader = PcscTestEnv.reader(0);
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "restart"))) {
            try (CardSession s = Readers.discover().connect(reader, ConnectOptions.DEFAULT)) {
                assertThat(s.transport().transmit(Hex.decode("00A404000AF053454346554E455401"))).isEqualTo(Hex.decode("9000"));
            }
            int resetsBefore = PcscReaders.shared().contextResets();
            Process p = new ProcessBuilder(hook).inheritIO().start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            PcscTestEnv.await("card back in " + reader + " after the restart", Duration.ofSeconds(20), () -> PcscTestEnv.present(reader));
            assertThat(PcscReaders.shared().contextResets()).isGreaterThan(resetsBefore);
            try (CardSession s = Readers.discover().connect(reader, ConnectOptions.DEFAULT)) {
                byte[] r = TransportStack.builder().build(s.transport()).transmit(Hex.decode("00A404000AF053454346554E455401"));
                assertThat(r).isEqualTo(Hex.decode("9000"));
            }
        }
    }
}
