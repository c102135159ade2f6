package org.secfunet.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.eaptls.EapCardStore;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.card.runtime.SoftwareCard;
import org.secfunet.card.sim.SimCardStore;
import org.secfunet.card.sim.UsimApplet;
import org.secfunet.pcsc.eapcard.EapCardCommands;

/**
 * One store of each kind, written by secfunet before the stores shared one mechanism
 * (src/test/resources/stores: PIN 1234, PUK 12345678, one wrong PIN try already counted), still
 * opens: PIN tries, a verification, a few fields, and the store written back still opens.
 */
class StoreFixturesTest {
    @TempDir
    Path dir;

    private Path fixture(String name, String... siblings) throws IOException {
        for (String n : siblings) {
            try (InputStream in = getClass().getResourceAsStream("/stores/" + n)) {
                Files.copy(in, dir.resolve(n));
            }
        }
        return dir.resolve(name);
    }

    private static int sw(SoftwareCard card, String apdu) {
        byte[] r = card.transmit(Hex.decode(apdu));
        return (r[r.length - 2] & 0xFF) << 8 | (r[r.length - 1] & 0xFF);
    }

    private static SoftwareCard select(OpenCard open, byte[] aid) {
        SoftwareCard card = open.card();
        card.powerOn();
        int sw = sw(card, "00A40400" + Hex.encode(new byte[] {(byte) aid.length}) + Hex.encode(aid));
        assertThat(sw == 0x9000 || sw >> 8 == 0x61).as("SELECT: %04X", sw).isTrue();
        return card;
    }

    private static String pin(String digits) {
        return Hex.encode(digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String field(String digits) {
        return (pin(digits) + "FFFFFFFFFFFFFFFF").substring(0, 16);
    }

    /** The card's label; PIN tries 2 (one already used), PUK tries 10, a wrong PIN counted, the right one. */
    private static void assertPins(Path f, byte[] aid, String label, String verify, String pukStatus, int wrongTries) {
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = select(open, aid);
            assertThat(c.label()).isEqualTo(label);
            assertPins(c, verify, pukStatus, wrongTries);
        }
    }

    private static void assertPins(SoftwareCard c, String verify, String pukStatus, int wrongTries) {
        assertThat(sw(c, verify + "00")).as("PIN tries left").isEqualTo(wrongTries | 2);
        assertThat(sw(c, pukStatus)).as("PUK tries left").isEqualTo(wrongTries | 10);
        assertThat(sw(c, verify + "08" + field("9999"))).isEqualTo(wrongTries | 1);
        assertThat(sw(c, verify + "08" + field("1234"))).isEqualTo(0x9000);
        assertThat(sw(c, verify + "00")).as("verified").isEqualTo(0x9000);
    }

    @Test
    void theTestCardStoreOpensAndIsWrittenBackAsPlainToml() throws Exception {
        Path f = fixture("test-card.toml", "test-card.toml");
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = select(open, TestApplet.AID);
            assertThat(c.label()).isEqualTo("fixture test card");
            assertThat(sw(c, "0020008000")).as("tries left").isEqualTo(0x63C2);
            assertThat(sw(c, "0020008004" + pin("9999"))).isEqualTo(0x63C1);
            assertThat(sw(c, "0020008004" + pin("1234"))).isEqualTo(0x9000);
            assertThat(Hex.encode(c.transmit(Hex.decode("00CA010110"))))
                    .isEqualTo("674A578B0730199FBEF8EB9BBE7EE93D9000");
            assertThat(Hex.encode(c.transmit(Hex.decode("0030000004")))).as("counter 7 + 1").isEqualTo("000000089000");
        }
        assertThat(Files.readString(f)).startsWith("# secfunet software card store").contains("pin-tries-left = 3", "counter = 8");
        try (OpenCard open = VirtualCards.open(f)) {
            assertThat(sw(select(open, TestApplet.AID), "0020008000")).isEqualTo(0x63C3);
        }
    }

    @Test
    void theEapTlsCardStoreOpensWithItsKey() throws Exception {
        Path f = fixture("eap-card.sfn", "eap-card.sfn", "eap-card.sfn.key");
        assertPins(f, EapCardCommands.aid(), "fixture EAP-TLS card", "A0200000", "A020000100", 0x6300);
        try (EapCardStore s = EapCardStore.open(f)) {
            assertThat(s.image().identities).singleElement().satisfies(i -> {
                assertThat(i.label).isEqualTo("fixture");
                assertThat(i.eapId).isEqualTo("alice@example.org");
            });
            assertThat(s.image().preferred).isEqualTo("fixture");
        }
        assertThat(Files.readAllBytes(f)).startsWith("SFNEAPC1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void theUsimStoreOpensWithItsKey() throws Exception {
        Path f = fixture("usim.sim", "usim.sim", "usim.sim.key");
        assertPins(f, UsimApplet.USIM_AID, "fixture USIM", "00200001", "002C000100", 0x63C0);
        try (SimCardStore s = SimCardStore.open(f)) {
            assertThat(s.image().imsi).isEqualTo("001010123456789");
            assertThat(s.image().k).isEqualToIgnoringCase("465b5ce8b199b49faa5f0a2ee238a6bc");
        }
        assertThat(Files.readAllBytes(f)).startsWith("SFNSIMC1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
