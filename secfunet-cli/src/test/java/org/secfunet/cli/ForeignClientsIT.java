package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VcardServer;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.ReaderInfo;

/** Clients we did not write (OpenSC's opensc-tool, pcsc-tools' pcsc_scan) see our software card as a card. */
@ExtendWith(NeedsPcscd.class)
class ForeignClientsIT {
    @TempDir
    Path dir;

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(cmd)).isTrue();
        assertThat(p.exitValue()).as("exit of %s; output:%n%s", List.of(cmd), out).isZero();
        return out;
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void openscToolListsTheCardAndExchangesApdus() throws Exception {
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "o"))) {
            String reader = PcscTestEnv.reader(0);
            int index = PcscReaders.shared().list().stream().filter(r -> r.name().equals(reader))
                    .mapToInt(ReaderInfo::index).findFirst().orElseThrow();
            String list = run("opensc-tool", "-l");
            assertThat(list).containsPattern("(?m)^" + index + "\\s+Yes\\s+.*" + reader);
            assertThat(run("opensc-tool", "-r", Integer.toString(index), "-a")).contains("3b:85:01:80:73:00:00:40:37");
            String out = run("opensc-tool", "-r", Integer.toString(index),
                    "-s", "00A404000AF053454346554E455401",
                    "-s", "0001000003AABBCC00",
                    "-s", "00CA010110",
                    "-s", "0002012C00");
            assertThat(out).contains("Received (SW1=0x90, SW2=0x00)");
            assertThat(out).contains("AA BB CC");
            // 300 bytes asked with Le=00 (256): 256 now, then OpenSC itself issues GET RESPONSE after 61 2C
            assertThat(out).doesNotContain("SW1=0x6A").doesNotContain("SW1=0x6D");
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void pcscScanSeesTheCardAndItsAtr() throws Exception {
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "s"))) {
            Process p = new ProcessBuilder("pcsc_scan", "-n", "-t", "2").redirectErrorStream(true).start();
            p.getOutputStream().close();
            boolean done = p.waitFor(8, TimeUnit.SECONDS);
            if (!done) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains(PcscTestEnv.reader(0)).contains("3B 85 01 80 73 00 00 40 37");
        }
    }
}
