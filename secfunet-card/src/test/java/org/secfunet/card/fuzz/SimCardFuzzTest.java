package org.secfunet.card.fuzz;

import org.secfunet.card.runtime.OpenCard;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Supplier;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.card.sim.SimCards;
import org.secfunet.card.sim.SimProfile;
import org.secfunet.card.sim.UsimApplet;

/** Whatever the host sends to the software UICC (USIM and GSM classes), it answers a status word and never throws. */
class SimCardFuzzTest {
    private static final Supplier<OpenCard> CARD = FuzzCards.once("secfunet-simfuzz", "usim.sfn",
            f -> SimCards.create(f, SimProfile.parse("imsi = \"001010123456789\"\nk = \"465b5ce8b199b49faa5f0a2ee238a6bc\"\n"
                    + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\"\npin = \"1234\"\npuk = \"12345678\"\npin-enabled = false\n", "fuzz")));

    @FuzzTest(maxDuration = "30s")
    void anyCommandSequence(FuzzedDataProvider data) {
        OpenCard c = CARD.get();
        c.card().powerOn();
        switch (data.consumeInt(0, 2)) {
            case 0 -> c.card().transmit(CommandApdu.of(0, 0xA4, 4, 4, UsimApplet.USIM_AID).encode());
            case 1 -> c.card().transmit(new byte[] {(byte) 0xA0, (byte) 0xA4, 0, 0, 2, 0x7F, 0x20});
            default -> {
                // from power-on: the file system of the MF
            }
        }
        FuzzCards.sendSome(c, data, 300, apdu -> {
            if (apdu.length > 1 && (apdu[1] == 0x20 || apdu[1] == 0x24 || apdu[1] == 0x26 || apdu[1] == 0x28 || apdu[1] == 0x2C)) {
                apdu[1] = 0x21; // PIN commands write the store per try and are tested elsewhere: keep the fuzzer on the parsers
            }
        });
    }
}
