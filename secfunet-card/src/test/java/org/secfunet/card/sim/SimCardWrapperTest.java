package org.secfunet.card.sim;

import org.secfunet.card.runtime.OpenCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.sim.SimCard;
import org.secfunet.pcsc.sim.SimException;

/** The SDK's SIM/USIM wrapper against the software USIM: identity, PIN, GSM and UMTS authentication, re-synchronisation. */
class SimCardWrapperTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] K = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    static final byte[] OPC = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");

    @TempDir
    Path dir;

    Path card(String sqn) throws Exception {
        return card(sqn, "");
    }

    Path card(String sqn, String extra) throws Exception {
        Path profile = dir.resolve("p.toml");
        Files.writeString(profile, "imsi = \"001010123456789\"\nk = \"" + HEX.formatHex(K) + "\"\nopc = \"" + HEX.formatHex(OPC)
                + "\"\nsqn = \"" + sqn + "\"\nmnc-length = 3\npin = \"1234\"\n" + extra);
        Path store = dir.resolve("usim.sfn");
        SimCards.create(store, SimProfile.load(profile));
        return store;
    }

    static SimCard open(Path store) {
        OpenCard open = VirtualCards.open(store);
        return new SimCard(new InProcessSession(open.card(), "usim", open::close), Tracer.OFF);
    }

    static byte[] autn(Milenage m, byte[] rand, long sqn) {
        byte[] s = new byte[6];
        for (int i = 5; i >= 0; i--) {
            s[i] = (byte) (sqn >>> (8 * (5 - i)));
        }
        byte[] amf = {(byte) 0x80, 0};
        byte[] ak = m.f2345(rand).ak();
        byte[] a = new byte[16];
        for (int i = 0; i < 6; i++) {
            a[i] = (byte) (s[i] ^ ak[i]);
        }
        System.arraycopy(amf, 0, a, 6, 2);
        System.arraycopy(m.f1(rand, s, amf), 0, a, 8, 8);
        return a;
    }

    @Test
    void readsTheUsimAndAuthenticates() throws Exception {
        Path store = card("000000000020");
        Milenage m = new Milenage(K, OPC);
        byte[] rand = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
        try (SimCard sim = open(store)) {
            assertThat(sim.kind()).isEqualTo(SimCard.Kind.USIM);
            assertThat(HEX.formatHex(sim.aid())).startsWith("a0000000871002");
            assertThat(sim.pinTriesLeft()).isEqualTo(3);
            assertThatThrownBy(sim::imsi).isInstanceOf(SimException.class).hasMessageContaining("verify the PIN first");
            assertThatThrownBy(() -> sim.verifyPin("9999".toCharArray())).isInstanceOfSatisfying(SimException.Pin.class,
                    e -> assertThat(e.triesLeft()).isEqualTo(2));
            sim.verifyPin("1234".toCharArray());
            assertThat(sim.imsi()).isEqualTo("001010123456789");
            assertThat(sim.mncLength()).isEqualTo(3);
            SimCard.GsmResult g = sim.gsmAuth(rand);
            Milenage.Output o = m.f2345(rand);
            assertThat(g.sres()).isEqualTo(GsmContext.c2(o.res()));
            assertThat(g.kc()).isEqualTo(GsmContext.c3(o.ck(), o.ik()));
            SimCard.UmtsResult u = sim.umtsAuth(rand, autn(m, rand, 0x40));
            assertThat(u).isInstanceOfSatisfying(SimCard.Success.class, s -> {
                assertThat(s.res()).isEqualTo(o.res());
                assertThat(s.ck()).isEqualTo(o.ck());
                assertThat(s.ik()).isEqualTo(o.ik());
            });
            // the same SQN again: the card asks to re-synchronise, and AUTS opens to its SQN
            SimCard.UmtsResult again = sim.umtsAuth(rand, autn(m, rand, 0x40));
            assertThat(again).isInstanceOfSatisfying(SimCard.SyncFailure.class, f -> {
                byte[] akStar = m.f5star(rand);
                byte[] sqnMs = new byte[6];
                for (int i = 0; i < 6; i++) {
                    sqnMs[i] = (byte) (f.auts()[i] ^ akStar[i]);
                }
                assertThat(HEX.formatHex(sqnMs)).isEqualTo("000000000040");
                assertThat(Arrays.copyOfRange(f.auts(), 6, 14)).isEqualTo(m.f1star(rand, sqnMs, new byte[2]));
            });
            Milenage wrong = new Milenage(HEX.parseHex("000102030405060708090a0b0c0d0e0f"), OPC);
            assertThatThrownBy(() -> sim.umtsAuth(rand, autn(wrong, rand, 0x80))).isInstanceOf(SimException.class).hasMessageContaining("MAC failure");
        }
    }

    @Test
    void aGsmOnlyCardIsDrivenWithClassA0() throws Exception {
        Path store = card("000000000020");
        OpenCard open = VirtualCards.open(store);
        org.secfunet.pcsc.CardDevice gsmOnly = gsmOnly(open);
        byte[] rand = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
        try (SimCard sim = new SimCard(new InProcessSession(gsmOnly, "gsm", open::close), Tracer.OFF)) {
            assertThat(sim.kind()).isEqualTo(SimCard.Kind.SIM);
            assertThatThrownBy(() -> sim.verifyPin("9999".toCharArray())).isInstanceOf(SimException.Pin.class);
            sim.verifyPin("1234".toCharArray());
            assertThat(sim.imsi()).isEqualTo("001010123456789");
            Milenage.Output o = new Milenage(K, OPC).f2345(rand);
            SimCard.GsmResult g = sim.gsmAuth(rand);
            assertThat(g.sres()).isEqualTo(GsmContext.c2(o.res()));
            assertThat(g.kc()).isEqualTo(GsmContext.c3(o.ck(), o.ik()));
            assertThatThrownBy(() -> sim.umtsAuth(rand, new byte[16])).hasMessageContaining("needs a USIM");
        }
    }

    @Test
    void pinManagementChangeDisableEnableAndUnblockWithThePuk() throws Exception {
        Path store = card("000000000020", "puk = \"12345678\"\n");
        try (SimCard sim = open(store)) {
            assertThat(sim.pukTriesLeft()).isEqualTo(10);
            sim.changePin("1234".toCharArray(), "567890".toCharArray());
            assertThatThrownBy(() -> sim.changePin("1234".toCharArray(), "1111".toCharArray())).isInstanceOfSatisfying(SimException.Pin.class,
                    e -> assertThat(e.triesLeft()).isEqualTo(2));
            assertThatThrownBy(() -> sim.changePin("567890".toCharArray(), "12a4".toCharArray())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4 to 8 digits");
            sim.setPinEnabled("567890".toCharArray(), false);
            assertThatThrownBy(() -> sim.setPinEnabled("567890".toCharArray(), false)).isInstanceOf(SimException.class)
                    .hasMessageContaining("already enabled or disabled");
            sim.setPinEnabled("567890".toCharArray(), true);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> sim.verifyPin("0000".toCharArray())).isInstanceOf(SimException.Pin.class);
            }
            assertThatThrownBy(() -> sim.verifyPin("567890".toCharArray())).isInstanceOfSatisfying(SimException.Pin.class,
                    e -> assertThat(e.triesLeft()).isZero()).hasMessageContaining("unblock it with the PUK");
            assertThatThrownBy(() -> sim.unblockPin("87654321".toCharArray(), "2468".toCharArray())).isInstanceOfSatisfying(SimException.Pin.class,
                    e -> assertThat(e.triesLeft()).isEqualTo(9)).hasMessageContaining("wrong PUK");
            sim.unblockPin("12345678".toCharArray(), "2468".toCharArray());
            assertThat(sim.imsi()).as("the unblock verified the new PIN").isEqualTo("001010123456789");
            assertThat(sim.pinTriesLeft()).isEqualTo(-1); // verified: the card answers 9000
            assertThat(sim.pukTriesLeft()).isEqualTo(10);
        }
        OpenCard open = VirtualCards.open(store);
        try (SimCard sim = new SimCard(new InProcessSession(gsmOnly(open), "gsm", open::close), Tracer.OFF)) {
            assertThat(sim.kind()).isEqualTo(SimCard.Kind.SIM);
            assertThatThrownBy(() -> sim.verifyPin("1234".toCharArray())).isInstanceOf(SimException.Pin.class);
            sim.changePin("2468".toCharArray(), "1357".toCharArray());
            sim.unblockPin("12345678".toCharArray(), "9753".toCharArray());
            sim.verifyPin("9753".toCharArray());
        }
    }
    @Test
    void aGsmOnlyProfileIsDrivenAsASim() throws Exception {
        Path store = card("000000000020", "type = \"sim\"\n");
        byte[] rand = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
        try (SimCard sim = open(store)) {
            assertThat(sim.kind()).isEqualTo(SimCard.Kind.SIM);
            assertThat(sim.aid()).isNull();
            assertThat(sim.pinTriesLeft()).isEqualTo(3);
            assertThatThrownBy(() -> sim.verifyPin("0000".toCharArray())).isInstanceOf(SimException.Pin.class);
            assertThat(sim.pinTriesLeft()).as("from the DF_GSM status").isEqualTo(2);
            sim.verifyPin("1234".toCharArray());
            assertThat(sim.imsi()).isEqualTo("001010123456789");
            Milenage.Output o = new Milenage(K, OPC).f2345(rand);
            assertThat(sim.gsmAuth(rand).sres()).isEqualTo(GsmContext.c2(o.res()));
        }
    }

    /** A GSM-only SIM: refuses class 00, so the wrapper must fall back to GSM 11.11 (CLA A0, 9Fxx + A0 C0). */
    static org.secfunet.pcsc.CardDevice gsmOnly(OpenCard open) {
        // a GSM-only SIM: refuses class 00, so the wrapper must fall back to GSM 11.11 (CLA A0, 9Fxx + A0 C0)
        return new org.secfunet.pcsc.CardDevice() {
            public byte[] atr() {
                return open.card().atr();
            }

            public void powerOn() {
                open.card().powerOn();
            }

            public void powerOff() {
                open.card().powerOff();
            }

            public void reset() {
                open.card().reset();
            }

            public byte[] transmit(byte[] c) {
                return c[0] == 0 ? new byte[] {0x6E, 0x00} : open.card().transmit(c);
            }

            public String label() {
                return "gsm-only";
            }
        };
    }

}
