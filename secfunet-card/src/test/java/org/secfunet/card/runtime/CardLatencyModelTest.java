package org.secfunet.card.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;

class CardLatencyModelTest {
    private static final byte[] SELECT = Hex.decode("00 A4 04 00 05 A0 00 00 00 01");
    private static final byte[] OK = Hex.decode("90 00");

    @Test
    void t0At9600CountsTwelveEtuPerCharacterAndTheProcedureByte() {
        CardLatencyModel m = new CardLatencyModel("x", "t0", 9600, 0);
        // 10 command bytes + 1 procedure byte + 2 SW = 13 chars * 12 etu = 156 etu / 9600 = 16.25 ms
        assertEquals(16.25, m.linkMs(SELECT, OK), 1e-9);
        // a header-only command has no procedure byte: (5 + 2) * 12 / 9600
        assertEquals(8.75, m.linkMs(Hex.decode("00 B0 00 00 00"), OK), 1e-9);
    }

    @Test
    void t1AddsFourFramingBytesEachWay() {
        CardLatencyModel m = new CardLatencyModel("x", "t1", 9600, 2);
        // (10 + 4 + 2 + 4) * 12 / 9600 = 25 ms, plus 2 ms processing
        assertEquals(25.0, m.linkMs(SELECT, OK), 1e-9);
        assertEquals(27.0, m.apduMs(SELECT, OK), 1e-9);
    }

    @Test
    void parsesProfilesAndCustomModelsAndRefusesBadValuesInOneLine() {
        assertEquals(230400, CardLatencyModel.parse("contact-230400").bitsPerSecond());
        CardLatencyModel c = CardLatencyModel.parse("baud=115200,link=t0,cmd-ms=3.5");
        assertEquals("t0", c.link());
        assertEquals(3.5, c.commandMs());
        for (String bad : List.of("nope", "baud=x", "baud=9600,link=t2", "link=t0", "baud=9600,foo=1", "baud=10")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardLatencyModel.parse(bad));
            assertEquals(-1, e.getMessage().indexOf('\n'), bad);
        }
    }

    @Test
    void decoratorAccountsAndSleepsThroughTheInjectedSleeperOnly() {
        SoftwareCard card = new SoftwareCard("t", SoftwareCard.DEFAULT_ATR, List.of(new Applet() {
            @Override
            public byte[] aid() {
                return Hex.decode("A0 00 00 00 01");
            }

            @Override
            public String name() {
                return "t";
            }

            @Override
            public ResponseApdu process(org.secfunet.apdu.CommandApdu command) {
                return ResponseApdu.of(0x9000);
            }
        }));
        List<Long> slept = new ArrayList<>();
        ModelledCard m = new ModelledCard(card, new CardLatencyModel("x", "t0", 9600, 0), slept::add);
        assertArrayEquals(OK, m.transmit(SELECT));
        assertEquals(16.25, m.linkMs(), 1e-9);
        assertEquals(1, m.apdus());
        assertEquals(1, slept.size());
        ModelledCard accountOnly = new ModelledCard(card, new CardLatencyModel("x", "t0", 9600, 0), null);
        accountOnly.transmit(SELECT);
        assertEquals(16.25, accountOnly.linkMs(), 1e-9);
    }

    @Test
    void parsesCryptoCostsOnTheirOwnOrOverAProfileAndNamesTheKeyOfABadValue() {
        CardLatencyModel c = CardLatencyModel.parse("baud=9600,keygen-ms=1,ecdh-ms=2,sign-ms=3,verify-ms=4,rsa-sign-ms=5,rsa-verify-ms=6");
        assertEquals(new CardCryptoCosts(1, 2, 3, 4, 5, 6), c.crypto());
        assertEquals(CardCryptoCosts.NONE, CardLatencyModel.parse("baud=9600").crypto());
        CardLatencyModel over = CardLatencyModel.parse("contact-230400,sign-ms=80");
        assertEquals(230400, over.bitsPerSecond());
        assertEquals(80, over.crypto().signMs());
        assertEquals(CardLatencyModel.profile("contact-230400").crypto().verifyMs(), over.crypto().verifyMs());
        for (String key : List.of("keygen-ms", "ecdh-ms", "sign-ms", "verify-ms", "rsa-sign-ms", "rsa-verify-ms")) {
            for (String value : List.of("x", "-1", "NaN", "60001")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> CardLatencyModel.parse("baud=9600," + key + "=" + value));
                assertEquals(-1, e.getMessage().indexOf('\n'), key + "=" + value);
                assertTrue(e.getMessage().contains(key), e.getMessage());
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardLatencyModel.parse("contact-230400,sgn-ms=1"));
        assertTrue(e.getMessage().contains("sgn-ms"), e.getMessage());
    }

    @Test
    void everyProfileChargesCrypto() {
        for (String p : List.of("default-9600", "contact-115200", "contact-230400", "contactless-424")) {
            CardCryptoCosts c = CardLatencyModel.profile(p).crypto();
            assertTrue(c.keyPairMs() > 0 && c.agreementMs() > 0 && c.signMs() > 0 && c.verifyMs() > 0 && c.rsaSignMs() > 0 && c.rsaVerifyMs() > 0, p);
        }
    }

    @Test
    void aCardWithoutAMeteredAppletChargesNoCrypto() {
        SoftwareCard card = new SoftwareCard("t", SoftwareCard.DEFAULT_ATR, List.of());
        ModelledCard m = new ModelledCard(card, CardLatencyModel.profile("default-9600"), null);
        assertFalse(m.metered());
        m.powerOn();
        m.transmit(SELECT);
        assertEquals(0, m.cryptoMs());
    }
}
