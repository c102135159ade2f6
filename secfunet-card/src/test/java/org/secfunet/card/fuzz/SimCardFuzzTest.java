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
import org.secfunet.card.sim.SimCards;
import org.secfunet.card.sim.SimProfile;
import org.secfunet.card.sim.UsimApplet;

/** Whatever the host sends to the software UICC (USIM and GSM classes), it answers a status word and never throws. */
class SimCardFuzzTest {
    private static OpenCard card;

    private static synchronized OpenCard card() {
        if (card == null) {
            try {
                Path dir = Files.createTempDirectory("secfunet-simfuzz");
                Path f = dir.resolve("usim.sfn");
                SimCards.create(f, SimProfile.parse("imsi = \"001010123456789\"\nk = \"465b5ce8b199b49faa5f0a2ee238a6bc\"\n"
                        + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\"\npin = \"1234\"\npuk = \"12345678\"\npin-enabled = false\n", "fuzz"));
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
        switch (data.consumeInt(0, 2)) {
            case 0 -> c.card().transmit(CommandApdu.of(0, 0xA4, 4, 4, UsimApplet.USIM_AID).encode());
            case 1 -> c.card().transmit(new byte[] {(byte) 0xA0, (byte) 0xA4, 0, 0, 2, 0x7F, 0x20});
            default -> {
                // from power-on: the file system of the MF
            }
        }
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            byte[] apdu = data.consumeBytes(data.consumeInt(0, 300));
            if (apdu.length > 1 && (apdu[1] == 0x20 || apdu[1] == 0x24 || apdu[1] == 0x26 || apdu[1] == 0x28 || apdu[1] == 0x2C)) {
                apdu[1] = 0x21; // PIN commands write the store per try and are tested elsewhere: keep the fuzzer on the parsers
            }
            byte[] r = c.card().transmit(apdu);
            assertThat(r.length).isGreaterThanOrEqualTo(2);
        }
    }
}
