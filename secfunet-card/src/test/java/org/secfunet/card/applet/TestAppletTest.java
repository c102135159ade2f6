package org.secfunet.card.applet;

import org.secfunet.card.runtime.OpenCard;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.MoreBitChainingLayer;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.store.CardStore;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;

/** The test applet through the real SDK stack and the vcard: resolver, in process. */
class TestAppletTest {
    @TempDir
    Path dir;

    private Path newCard() {
        Path f = dir.resolve("card.toml");
        CardStore.create(f, "t", "1234".toCharArray());
        return f;
    }

    private static String tx(Transport t, String hex) {
        return Hex.encode(t.transmit(Hex.decode(hex)));
    }

    private static final String SELECT = "00A40400 0A F053454346554E455401";

    @Test
    void pinTriesAreCountedPersistedAndBlock() {
        Path f = newCard();
        try (CardSession s = Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT)) {
            Transport t = TransportStack.builder().raw().build(s.transport());
            assertThat(tx(t, SELECT)).isEqualTo("9000");
            assertThat(tx(t, "00200080")).isEqualTo("63C3");
            assertThat(tx(t, "00300000 04")).isEqualTo("6982");
            assertThat(tx(t, "00200080 04 30303030")).isEqualTo("63C2");
        }
        // a new session (power cycle, new process alike) still knows one try was used
        try (CardSession s = Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT)) {
            Transport t = TransportStack.builder().raw().build(s.transport());
            tx(t, SELECT);
            assertThat(tx(t, "00200080")).isEqualTo("63C2");
            assertThat(tx(t, "00200080 08 31323334FFFFFFFF")).isEqualTo("9000");
            assertThat(tx(t, "00200080")).isEqualTo("9000");
            assertThat(tx(t, "00300000 04")).isEqualTo("000000019000");
            assertThat(tx(t, "00200080 04 39393939")).isEqualTo("63C2");
            assertThat(tx(t, "00200080 04 39393939")).isEqualTo("63C1");
            assertThat(tx(t, "00200080 04 39393939")).isEqualTo("6983");
            assertThat(tx(t, "00200080 04 31323334")).isEqualTo("6983");
        }
        try (OpenCard c = VirtualCards.open(f)) {
            assertThat(((org.secfunet.card.store.CardStore) c.store()).image().pin.triesLeft).isZero();
            assertThat(((org.secfunet.card.store.CardStore) c.store()).image().counter).isEqualTo(1);
        }
    }

    /** The shared PIN commands check the length before the state: a blocked card answers 6700 to an overlong PIN. */
    @Test
    void verifyChecksReferenceAndLengthBeforeCountingATry() {
        Path f = newCard();
        try (OpenCard c = VirtualCards.open(f)) {
            c.card().powerOn();
            org.secfunet.card.runtime.SoftwareCard card = c.card();
            assertThat(Hex.encode(card.transmit(Hex.decode(SELECT.replace(" ", ""))))).isEqualTo("9000");
            assertThat(Hex.encode(card.transmit(Hex.decode("0020008111" + "31".repeat(17))))).isEqualTo("6A86");
            assertThat(Hex.encode(card.transmit(Hex.decode("0020008011" + "31".repeat(17))))).isEqualTo("6700");
            assertThat(Hex.encode(card.transmit(Hex.decode("00200080")))).as("no try used").isEqualTo("63C3");
            for (int i = 0; i < 3; i++) {
                card.transmit(Hex.decode("0020008004 39393939".replace(" ", "")));
            }
            assertThat(Hex.encode(card.transmit(Hex.decode("00200080")))).isEqualTo("6983");
            assertThat(Hex.encode(card.transmit(Hex.decode("0020008011" + "31".repeat(17))))).isEqualTo("6700");
            assertThat(Hex.encode(card.transmit(Hex.decode("0020008004 31323334".replace(" ", ""))))).isEqualTo("6983");
        }
    }

    @Test
    void theSdkStackHandlesEveryCardBehaviour() {
        Path f = newCard();
        try (CardSession s = Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT)) {
            Transport t = TransportStack.builder().moreBitChaining(240, MoreBitChainingLayer.forCommand(0xA0, 0x80))
                    .isoChaining(255).maxNe(8190).build(s.transport());
            assertThat(tx(t, SELECT)).isEqualTo("9000");
            // 6Cxx
            assertThat(tx(t, "00CA0101 01")).hasSize(36).endsWith("9000");
            // a 20000-byte answer asked with extended Le 0000: capped to 8190, the rest via 61xx
            byte[] big = t.transmit(CommandApdu.of(0, 0x02, 0x4E, 0x20, 65536).encode());
            assertThat(big).hasSize(20002);
            assertThat(big[19999]).isEqualTo((byte) (19999 & 0xFF));
            // extended command data, echoed
            byte[] data = new byte[3000];
            data[2999] = 0x55;
            assertThat(t.transmit(CommandApdu.of(0, 0x01, 0, 0, data).encode())).hasSize(3002);
            // EAP card style: More-bit in, 9F00 + FETCH out
            byte[] eap = new byte[1000];
            eap[999] = 0x77;
            byte[] back = t.transmit(CommandApdu.of(0xA0, 0x80, 0, 0, eap).encode());
            assertThat(back).hasSize(1002);
            assertThat(back[999]).isEqualTo((byte) 0x77);
            assertThat(tx(t, "A012000010")).isEqualTo("6985");
        }
    }

    @Test
    void isoChainingReachesTheCardAsOneCommand() {
        Path f = newCard();
        try (CardSession s = Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT)) {
            Transport t = TransportStack.builder().isoChaining(100).build(s.transport());
            tx(t, SELECT);
            byte[] data = new byte[250];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            byte[] r = t.transmit(CommandApdu.of(0, 0x01, 0, 0, data, 256).encode());
            assertThat(Hex.encode(r)).isEqualTo(Hex.encode(data) + "9000");
        }
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void theStoreIsHeldWhileASessionIsOpen() {
        Path f = newCard();
        try (CardSession s = Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT))
                    .hasMessageContaining("already open");
        }
        Readers.discover().connect("vcard:" + f, ConnectOptions.DEFAULT).close();
    }
}
