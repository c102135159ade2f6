package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.pcsc.eapcard.EapCardCommands;
import org.secfunet.pcsc.eapcard.EapCardCommands.Identity;
import org.secfunet.pcsc.eapcard.EapCardCommands.Ins;
import org.secfunet.pcsc.eapcard.EapCardCommands.Pin;
import org.secfunet.pcsc.eapcard.EapCardCommands.PutData;

/**
 * docs/examples/racs.toml protects the cards it names: its EAP-TLS cards let through what the
 * services send and nothing that spends or changes a PIN or personalizes the card, its test card
 * refuses VERIFY in every form, and GlobalPlatform management and reader commands are refused.
 */
class RacsExampleFirewallTest {
    private static final int CLA = EapCardCommands.CLA;
    private static final byte[] PIN_FIELD = Hex.decode("39393939FFFFFFFF");

    @TempDir
    Path dir;
    SeRegistry registry;

    @BeforeEach
    void load() throws Exception {
        for (String f : new String[] {"racs-server.pem", "racs-server.key", "grid-ca.pem"}) {
            Files.writeString(dir.resolve(f), "the RACS config checks that its files exist");
        }
        Path example = Path.of(System.getProperty("user.dir")).resolve("../docs/examples/racs.toml").normalize();
        registry = SeRegistry.of(RacsServerConfig.parse(Files.readString(example), dir), reader -> {
            throw new AssertionError("nothing is connected here");
        });
    }

    private String refusal(String seid, CommandApdu c) {
        return registry.find(seid).orElseThrow().firewall().refusal(c.encode(), true);
    }

    private static CommandApdu eap(int ins, int p1, int p2, byte[] data) {
        return CommandApdu.of(CLA, ins, p1, p2, data);
    }

    @Test
    void theEapCardsTakeWhatTheServicesSend() {
        CommandApdu[] services = {
            CommandApdu.of(EapCardCommands.Select.CLA, EapCardCommands.Select.INS, EapCardCommands.Select.P1_BY_NAME, EapCardCommands.Select.P2_FIRST,
                    EapCardCommands.aid()),
            eap(Ins.VERIFY, 0, Pin.USER, PIN_FIELD), CommandApdu.of(CLA, Ins.VERIFY, 0, Pin.USER),
            CommandApdu.of(CLA, Ins.IDENTITIES, 0, Identity.PREFERRED, 256),
            eap(Ins.SET_IDENTITY, Identity.EAP_SESSION, Identity.SET, "web".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            eap(Ins.SET_IDENTITY, Identity.TLS_PROXY_SESSION, Identity.SET, "web".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            CommandApdu.of(CLA, Ins.STATE, EapCardCommands.State.GET, 0, 1),
            eap(Ins.PROCESS_EAP, Ins.MORE, 0, new byte[240]), CommandApdu.of(CLA, Ins.PROCESS_EAP, 0, 0, new byte[20], 256),
            CommandApdu.of(CLA, Ins.PROCESS_EAP, 0, 0, new byte[2000], 65536),
            CommandApdu.of(CLA, Ins.FETCH, 0, 0, 256), CommandApdu.of(CLA, 0xC0, 0, 0, 256), CommandApdu.of(0x00, 0xC0, 0, 0, 256),
            CommandApdu.of(CLA, Ins.GET_SESSION_KEY, 0, 0, Ins.MSK_LENGTH),
            CommandApdu.of(CLA, Ins.GET_EXPORTED_PARAMETER, 0, 0, new byte[] {EapCardCommands.Parameter.FAILURE_REASON}, 256),
            CommandApdu.of(CLA, Ins.KEY_EXPORT, 0, 0, 256),
        };
        for (String seid : new String[] {"se1", "se2"}) {
            for (CommandApdu c : services) {
                assertThat(refusal(seid, c)).as("%s %s", seid, c).isNull();
            }
        }
    }

    @Test
    void theEapCardsRefuseEveryPinManagementAndPersonalizationCommandInEveryClass() {
        CommandApdu[] refused = {
            eap(Ins.VERIFY, 0, Pin.UNBLOCK, PIN_FIELD), eap(Ins.CHANGE_PIN, 0, Pin.USER, new byte[16]), eap(Ins.DISABLE_PIN, 0, Pin.USER, PIN_FIELD),
            eap(Ins.ENABLE_PIN, 0, Pin.USER, PIN_FIELD), eap(Ins.UNBLOCK_PIN, 0, Pin.USER, new byte[16]),
            eap(Ins.PUT_DATA, Ins.MORE, PutData.PRIVATE_KEY, new byte[240]), eap(Ins.PUT_DATA, 0, PutData.CA_ADD, new byte[20]),
            CommandApdu.of(CLA, Ins.GENERATE_KEY, 1, 0, 256), eap(Ins.IDENTITIES, 0, Identity.ADD, new byte[8]),
            eap(Ins.IDENTITIES, 0, Identity.DELETE, new byte[3]), eap(Ins.SIGN, 1, 1, new byte[32]), eap(Ins.DECRYPT, 0, 0, new byte[256]),
            CommandApdu.of(CLA, Ins.STATE, EapCardCommands.State.RESET, 0),
        };
        for (String seid : new String[] {"se1", "se2"}) {
            for (CommandApdu c : refused) {
                for (int cla : new int[] {CLA, 0xA1, 0x80, 0x00, 0x10}) {
                    assertThat(refusal(seid, c.withCla(cla))).as("%s %s", seid, c.withCla(cla)).isNotNull();
                }
            }
        }
        assertThat(refusal("se1", eap(Ins.VERIFY, 0, Pin.UNBLOCK, PIN_FIELD))).isEqualTo("APDU refused by the firewall (CLA INS P1 P2 A0200001)");
        assertThat(refusal("se1", eap(Ins.UNBLOCK_PIN, 0, Pin.USER, new byte[16]))).startsWith("APDU not in the allow list of this SE");
    }

    @Test
    void theTestCardRefusesVerifyInEveryFormAndEverySeRefusesCardManagementAndReaderCommands() {
        for (int cla : new int[] {0x00, 0x01, 0x03, 0x0C, 0x10, 0x41, 0x80, 0x83}) {
            CommandApdu verify = CommandApdu.of(cla, 0x20, 0x00, 0x80, Hex.decode("39393939"));
            assertThat(refusal("se3", verify)).as("%s", verify).startsWith("APDU refused by the firewall");
            assertThat(refusal("se3", verify.asExtended())).as("%s extended", verify).startsWith("APDU refused by the firewall");
        }
        assertThat(refusal("se3", CommandApdu.of(0x00, 0x01, 0, 0, Hex.decode("616263"), 256))).isNull();
        for (String seid : registry.seids()) {
            for (String header : new String[] {"80E60C00", "84E60C00", "80E80000", "84E40000", "FFCA0000", "FF000000"}) {
                CommandApdu c = CommandApdu.parse(Hex.decode(header));
                assertThat(refusal(seid, c)).as("%s %s", seid, header).isNotNull();
            }
        }
        assertThat(refusal("se4", CommandApdu.of(0x00, 0x20, 0x00, 0x80, Hex.decode("39393939")))).as("the PC/SC card has no rule on VERIFY").isNull();
    }
}
