package org.secfunet.card.sim;

import org.secfunet.card.runtime.OpenCard;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.SoftwareCard;

/** PIN1/PUK1 commands of the software UICC as raw APDUs: USIM form (CLA 00, TS 102 221) and GSM form (CLA A0, GSM 11.11). */
class SimPinCommandsTest {
    @TempDir
    Path dir;

    /** TS 35.208 test set 1 keys with PIN1 1234, and the given lines. */
    private static final String PROFILE = """
            imsi = "001010123456789"
            k = "465b5ce8b199b49faa5f0a2ee238a6bc"
            opc = "cd63cb71954a9f4e48a5994e37a02baf"
            pin = "1234"
            """;

    Path store(String extra) {
        return SimStores.create(dir.resolve("usim.sfn"), PROFILE + extra + "\n");
    }

    static String field(String digits) {
        StringBuilder s = new StringBuilder(Hex.encode(digits.getBytes()));
        while (s.length() < 16) {
            s.append("FF");
        }
        return s.toString();
    }

    static int sw(SoftwareCard card, String apdu) {
        byte[] r = card.transmit(Hex.decode(apdu));
        return (r[r.length - 2] & 0xFF) << 8 | (r[r.length - 1] & 0xFF);
    }

    static SoftwareCard usim(OpenCard open) {
        SoftwareCard card = open.card();
        card.powerOn();
        int sw = sw(card, "00A4040410" + Hex.encode(UsimApplet.USIM_AID));
        assertThat(sw == 0x9000 || sw >> 8 == 0x61).as("SELECT USIM: %04X", sw).isTrue();
        return card;
    }

    @Test
    void aBlockedPinIsUnblockedWithThePukWhichSetsAndVerifiesANewPin() {
        Path f = store("puk = \"12345678\"");
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = usim(open);
            assertThat(sw(c, "002C000100")).as("PUK tries").isEqualTo(0x63CA);
            for (String wrong : new String[] {"0000", "0001", "0002"}) {
                sw(c, "0020000108" + field(wrong));
            }
            assertThat(sw(c, "0020000108" + field("1234"))).isEqualTo(0x6983);
            assertThat(sw(c, "002C000110" + field("00000000") + field("4321"))).as("wrong PUK").isEqualTo(0x63C9);
            assertThat(sw(c, "002C000110" + field("12345678") + field("43x1"))).as("new PIN not digits").isEqualTo(0x6A80);
            assertThat(sw(c, "002C000108" + field("12345678"))).isEqualTo(0x6700);
            assertThat(sw(c, "002C000110" + field("12345678") + field("4321"))).isEqualTo(0x9000);
            assertThat(sw(c, "0020000100")).as("verified by the unblock").isEqualTo(0x9000);
            assertThat(sw(c, "002C000100")).as("PUK tries restored").isEqualTo(0x63CA);
        }
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = usim(open);
            assertThat(sw(c, "0020000100")).as("PIN tries restored, persisted").isEqualTo(0x63C3);
            assertThat(sw(c, "0020000108" + field("1234"))).as("old PIN").isEqualTo(0x63C2);
            assertThat(sw(c, "0020000108" + field("4321"))).isEqualTo(0x9000);
        }
    }

    @Test
    void pukTriesArePersistedAndTenWrongOnesBlockForGood() {
        Path f = store("puk = \"12345678\"");
        for (int i = 9; i >= 0; i--) {
            try (OpenCard open = VirtualCards.open(f)) {
                SoftwareCard c = usim(open);
                assertThat(sw(c, "002C000110" + field("87654321") + field("0000"))).isEqualTo(i == 0 ? 0x6983 : 0x63C0 | i);
            }
        }
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = usim(open);
            assertThat(sw(c, "002C000110" + field("12345678") + field("0000"))).as("the right PUK, too late").isEqualTo(0x6983);
            assertThat(sw(c, "0020000108" + field("1234"))).as("the PIN itself still works").isEqualTo(0x9000);
        }
    }

    @Test
    void aCardWithoutPukCannotBeUnblocked() {
        try (OpenCard open = VirtualCards.open(store(""))) {
            SoftwareCard c = usim(open);
            assertThat(sw(c, "002C000100")).isEqualTo(0x6983);
            assertThat(sw(c, "002C000110" + field("12345678") + field("0000"))).isEqualTo(0x6983);
        }
    }

    @Test
    void changeDisableAndEnableNeedTheRightPinAndCountTries() {
        Path f = store("");
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = usim(open);
            assertThat(sw(c, "0024000110" + field("9999") + field("5678"))).isEqualTo(0x63C2);
            assertThat(sw(c, "0024000110" + field("1234") + field("56"))).as("new PIN too short").isEqualTo(0x6A80);
            assertThat(sw(c, "0024000110" + field("1234") + field("5678"))).isEqualTo(0x9000);
            assertThat(sw(c, "0028000108" + field("5678"))).as("already enabled").isEqualTo(0x6985);
            assertThat(sw(c, "0026000108" + field("1234"))).as("the old PIN is gone").isEqualTo(0x63C2);
            assertThat(sw(c, "0026000108" + field("5678"))).isEqualTo(0x9000);
        }
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = usim(open);
            assertThat(sw(c, "0020000100")).as("disabled: nothing to verify").isEqualTo(0x9000);
            assertThat(sw(c, "0024000110" + field("5678") + field("1111"))).as("a disabled PIN cannot change").isEqualTo(0x6985);
            assertThat(sw(c, "0028000108" + field("5678"))).isEqualTo(0x9000);
            open.card().reset();
            SoftwareCard d = usim(open);
            assertThat(sw(d, "0020000100")).as("enabled again, tries full").isEqualTo(0x63C3);
        }
    }

    @Test
    void theGsmFormsAnswerWithGsmStatusWords() {
        Path f = store("puk = \"12345678\"");
        try (OpenCard open = VirtualCards.open(f)) {
            SoftwareCard c = open.card();
            c.powerOn();
            assertThat(sw(c, "A0A40000023F00") >> 8).isEqualTo(0x9F);
            assertThat(sw(c, "A024000110" + field("0000") + field("5678"))).isEqualTo(0x9804);
            assertThat(sw(c, "A028000108" + field("1234"))).as("already enabled").isEqualTo(0x9808);
            assertThat(sw(c, "A02C000110" + field("12345678") + field("5678"))).as("UNBLOCK CHV names CHV1 with P2 00").isEqualTo(0x6B00);
            sw(c, "A020000108" + field("0000"));
            assertThat(sw(c, "A020000108" + field("0000"))).isEqualTo(0x9840);
            assertThat(sw(c, "A02C000010" + field("00000000") + field("5678"))).isEqualTo(0x9804);
            assertThat(sw(c, "A02C000010" + field("12345678") + field("5678"))).isEqualTo(0x9000);
            assertThat(sw(c, "A0A40000023F00") >> 8).isEqualTo(0x9F);
            byte[] mf = c.transmit(Hex.decode("A0C0000016"));
            assertThat(mf[18] & 0xFF).as("CHV1 status: tries restored").isEqualTo(0x83);
            assertThat(mf[19] & 0xFF).as("UNBLOCK CHV1 status: tries restored").isEqualTo(0x8A);
        }
    }

    @Test
    void theProfileDoesNotPrintSecretsAndChecksThePuk() {
        SimProfile p = SimProfile.parse("imsi = \"001010123456789\"\nk = \"465b5ce8b199b49faa5f0a2ee238a6bc\"\n"
                + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\"\npin = \"4711\"\npuk = \"87654321\"\n", "t");
        assertThat(p.toString()).doesNotContain("4711").doesNotContain("87654321").doesNotContain("465b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimProfile.parse("imsi = \"001010123456789\"\nk = \"465b5ce8b199b49faa5f0a2ee238a6bc\"\n"
                + "opc = \"cd63cb71954a9f4e48a5994e37a02baf\"\npin = \"1234\"\npuk = \"1234\"\n", "t")).hasMessageContaining("puk must be 8 to 8");
    }
}
