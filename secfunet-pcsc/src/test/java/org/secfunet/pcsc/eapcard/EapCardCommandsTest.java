package org.secfunet.pcsc.eapcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.FetchLayer;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;

/**
 * The catalogue's values are the command table of docs/eap-card.md (draft-urien-eap-smartcard-38
 * plus the SecFuNet additions): the driver, built on the catalogue, puts exactly these bytes on the wire.
 */
class EapCardCommandsTest {
    private final List<String> sent = new ArrayList<>();

    /** A card that answers 9000 to everything (and state 01 to Get-State), recording each command. */
    private EapSmartcard recordingCard() {
        Transport t = cmd -> {
            sent.add(Hex.encode(cmd));
            return (cmd[1] & 0xFF) == 0x19 && cmd[2] == 0 ? Hex.decode("01 9000") : Hex.decode("9000");
        };
        CardSession s = new CardSession() {
            public Transport transport() {
                return t;
            }

            public byte[] atr() {
                return new byte[0];
            }

            public String readerName() {
                return "recording";
            }

            public int maxNe() {
                return 256;
            }

            public void close() {
            }
        };
        return new EapSmartcard(s, Tracer.OFF, ApduMode.SHORT);
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }

    @Test
    void selectAndAnEapSessionStartAreTheDocumentedBytes() {
        EapSmartcard card = recordingCard();
        card.select();
        card.verifyPin("1234".toCharArray());
        card.setIdentity("x");
        card.state();
        card.processEap(Hex.decode("01 01 00 06 0D 20"));
        card.sessionKey();
        card.exportedParameter(EapCardCommands.Parameter.KEY_LIFETIME);
        card.failureReason();
        assertThatThrownBy(card::exportRecordKeys).as("an empty key export").isInstanceOf(EapCardException.class);
        assertThat(sent).containsExactly(
                hex("00 A4 04 00 0A F0 53 45 43 46 55 4E 45 54 02"),
                hex("A0 20 00 00 08 31 32 33 34 FF FF FF FF"),
                hex("A0 16 00 80 01 78"),
                hex("A0 19 00 00 01"),
                hex("A0 80 00 00 06 01 01 00 06 0D 20 00"),
                hex("A0 A6 00 00 40"),
                hex("A0 86 00 00 01 05 00"),
                hex("A0 86 00 00 01 10 00"),
                hex("A0 8A 00 00 00"));
    }

    @Test
    void pinIdentityAndIssuerCommandsAreTheDocumentedBytes() {
        EapSmartcard card = recordingCard();
        card.verifyPuk("12345678".toCharArray());
        card.changePin("1234".toCharArray(), "5678".toCharArray());
        card.unblockPin("12345678".toCharArray(), "1234".toCharArray());
        card.disablePin("1234".toCharArray());
        card.enablePin("1234".toCharArray());
        card.setIdentityForTlsProxy("x");
        card.nextIdentity();
        card.preferredIdentity();
        card.currentIdentity();
        card.resetState();
        card.addIdentity("a", "b", "peer", true);
        card.deleteIdentity("a");
        card.putPrivateKey(new byte[] {1});
        card.setTlsVersions(List.of("1.3"));
        card.generateKey(EapSmartcard.KeyType.RSA_2048);
        card.serial();
        card.publicKey();
        card.sign(EapSmartcard.SignAlgorithm.RSA_PSS, new byte[48]);
        card.decrypt(new byte[] {7});
        String pin1234 = "31 32 33 34 FF FF FF FF";
        String puk = "31 32 33 34 35 36 37 38";
        assertThat(sent.subList(0, 17)).containsExactly(
                hex("A0 20 00 01 08" + puk),
                hex("A0 24 00 00 10" + pin1234 + "35 36 37 38 FF FF FF FF"),
                hex("A0 2C 00 00 10" + puk + pin1234),
                hex("A0 26 00 00 08" + pin1234),
                hex("A0 28 00 00 08" + pin1234),
                hex("A0 16 01 80 01 78"),
                hex("A0 17 00 01 00"),
                hex("A0 17 00 02 00"),
                hex("A0 18 00 00 00"),
                hex("A0 19 10 00"),
                hex("A0 17 01 81 08 61 00 62 00 70 65 65 72"),
                hex("A0 17 00 82 01 61"),
                hex("A0 D0 00 01 01 01"),
                hex("A0 D0 00 06 03 31 2E 33"),
                hex("A0 D4 03 00 00"),
                hex("A0 CA 01 01 10"),
                hex("A0 CA 04 00 00"));
        assertThat(sent.get(17)).startsWith(hex("A0 62 03 02 30"));
        assertThat(sent.get(18)).isEqualTo(hex("A0 64 00 00 01 07 00"));
    }

    @Test
    void theApduLayerFetchesWithTheCatalogueFetch() {
        assertThat(FetchLayer.EAP_FETCH_HEADER)
                .containsExactly(EapCardCommands.CLA, EapCardCommands.Ins.FETCH, 0x00, 0x00);
        assertThat(EapCardCommands.Sw.FETCH_MORE >> 8).isEqualTo(0x9F);
    }

    @Test
    void theStatusWordsAndKeyExportTagsAreTheDocumentedOnes() {
        assertThat(EapCardCommands.Sw.TLS_PROXY_DONE).isEqualTo(0x9001);
        assertThat(Hex.encode(EapCardCommands.aid())).isEqualTo(hex("F0 53 45 43 46 55 4E 45 54 02"));
        ExportedKeys k = ExportedKeys.parse(Hex.decode("01 02 03 04  02 02 13 01  07 08 0000000000000002  08 08 0000000000000003"
                + "09 01 AA  0A 01 BB"));
        assertThat(k.tls13()).isTrue();
        assertThat(k.cipherSuite()).isEqualTo(0x1301);
        assertThat(k.clientSequence()).isEqualTo(2);
        assertThat(k.serverSequence()).isEqualTo(3);
        assertThat(k.clientTrafficSecret()).containsExactly(0xAA);
        assertThat(k.serverTrafficSecret()).containsExactly(0xBB);
    }
}
