package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VcardServer;

/** The commands of issue 2 against pcscd + vpcd. */
@ExtendWith(NeedsPcscd.class)
class CliIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void readersAndApduThroughPcscd() throws Exception {
        try (VcardServer ignored = PcscTestEnv.serve(PcscTestEnv.newCard(dir, "cli"))) {
            Cli readers = Cli.run("readers");
            assertThat(readers.exit()).as(readers.err()).isZero();
            assertThat(readers.out()).contains(PcscTestEnv.reader(0) + "\n   card: present, ATR 3B 85 01 80 73 00 00 40 37");
            assertThat(readers.out()).contains(PcscTestEnv.reader(1) + "\n   card: absent");
            Cli apdu = Cli.run("apdu", "-r", PcscTestEnv.reader(0), "00A40400 0A F053454346554E455401", "00020400");
            assertThat(apdu.exit()).as(apdu.err()).isZero();
            assertThat(apdu.out()).contains("(1024 bytes)").contains("< SW 9000  success");
        }
        PcscTestEnv.await("card gone", Duration.ofSeconds(5), () -> !PcscTestEnv.present(PcscTestEnv.reader(0)));
        Cli gone = Cli.run("apdu", "-r", PcscTestEnv.reader(0), "00A40400");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err().strip()).startsWith("secfunet apdu: no card in reader '" + PcscTestEnv.reader(0) + "'");
    }

    @Test
    void theVcardCommandServesUntilStoppedAndWatchSeesIt() throws Exception {
        Path store = PcscTestEnv.newCard(dir, "served");
        PcscTestEnv.awaitAllSlotsEmpty(); // a card still in slot 0 would be the watch's starting state
        Cli.Running watch = Cli.start("readers", "--watch", "--for", "20", "--poll", "100");
        // the watch's first scan is its starting state: the card must appear after it, and the watch says it is
        // watching only once that scan is done
        watch.awaitOut("the watch to start", Duration.ofSeconds(10), o -> o.contains("watching for reader and card events"));
        Cli served = Cli.run("vcard", "--store", store.toString(), "--vpcd", "127.0.0.1:" + PcscTestEnv.port(0), "--for", "3");
        assertThat(served.exit()).as(served.err()).isZero();
        assertThat(served.out()).contains("ready: served.toml on vpcd 127.0.0.1:" + PcscTestEnv.port(0)).contains("stopped");
        Cli w = watch.done().get(40, TimeUnit.SECONDS);
        assertThat(w.exit()).as(w.err()).isZero();
        assertThat(w.out()).contains("card inserted in '" + PcscTestEnv.reader(0) + "', ATR 3B 85 01 80 73 00 00 40 37")
                .contains("card removed from '" + PcscTestEnv.reader(0) + "'");
        PcscTestEnv.await("card gone", Duration.ofSeconds(5), () -> !PcscTestEnv.present(PcscTestEnv.reader(0)));
    }
}
