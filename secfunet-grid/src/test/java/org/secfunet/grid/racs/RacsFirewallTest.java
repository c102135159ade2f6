package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.grid.racs.RacsTestGrid.SELECT_TEST;
import static org.secfunet.grid.racs.RacsTestGrid.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that passed the APDU firewall, against software cards: VERIFY in another CLA
 * (logical channel, proprietary, secure messaging bits), in the extended form, split by ISO
 * command chaining, and the EAP-TLS card's VERIFY (A0 20) against the rule written for it. After
 * each, the card's PIN tries are read back from its store: none may have been spent.
 */
class RacsFirewallTest {
    static final String SELECT_EAP = "00A404000AF053454346554E455402";
    /** VERIFY of a wrong PIN "9999", the test card's form (CLA left out). */
    private static final String WRONG_VERIFY = "2000800439393939";
    /** The EAP-TLS card's wrong user PIN "9999" in its 8-byte FF-padded field. */
    private static final String WRONG_EAP_VERIFY = "20000008" + "39393939FFFFFFFF";

    @TempDir
    Path dir;
    SeRegistry registry;
    AccessPolicy access;
    RacsInterpreter session;

    @BeforeEach
    void setUp() throws Exception {
        RacsTestGrid.testCard(dir, "test");
        RacsTestGrid.testCard(dir, "open");
        RacsTestGrid.testCard(dir, "listed");
        RacsTestGrid.eapCard(dir, "eap");
        RacsServerConfig config = RacsTestGrid.config(dir, """
                listen = "127.0.0.1:0"
                %s
                [users]
                alice = ["*"]
                [[se]]
                seid = "test"
                reader = "vcard:test.sfn"
                deny = [{ prefix = "00200000", mask = "FFFF0000" }]
                [[se]]
                seid = "open"
                reader = "vcard:open.sfn"
                [[se]]
                seid = "listed"
                reader = "vcard:listed.sfn"
                aids = ["%s"]
                [[se]]
                seid = "eap"
                reader = "vcard:eap.sfn"
                deny = [{ prefix = "A0200000", mask = "FFFF0000" }]
                """.formatted(RacsTestGrid.tlsSection(), RacsTestGrid.TEST_AID));
        registry = RacsTestGrid.registry(config);
        access = AccessPolicy.of(config);
        session = new RacsInterpreter(registry, access, "alice");
    }

    @AfterEach
    void tearDown() {
        session.close();
        registry.close();
    }

    private List<String> run(String... lines) {
        List<String> appended = new ArrayList<>();
        for (String l : lines) {
            appended.add(l + " APPEND");
        }
        return session.run(script(appended.toArray(String[]::new))).statuses().stream().map(RacsStatus::format).toList();
    }

    private String last(String... lines) {
        return session.run(script(lines)).last().format();
    }

    /** The PIN tries the card's store holds, once every SE is released. */
    private int triesLeft(String card) {
        session.close();
        return RacsTestGrid.triesLeft(dir.resolve(card + ".sfn"));
    }

    @Test
    void verifyInEveryClassOfTheTestCardIsRefused() {
        assertThat(last("APDU test " + SELECT_TEST)).isEqualTo("+006 001 9000");
        for (String cla : new String[] {"00", "01", "03", "80", "83", "0C", "41", "4F", "60", "20"}) {
            assertThat(last("APDU test " + cla + WRONG_VERIFY)).as("CLA %s", cla).startsWith("-606 001 APDU refused by the firewall");
        }
        assertThat(last("APDU test 002000800000043939393900")).as("extended form").startsWith("-606 001 APDU refused by the firewall");
        assertThat(last("APDU test 0120008000000439393939")).as("extended, channel 1").startsWith("-606 001 APDU refused by the firewall");
        assertThat(last("APDU test 80200080")).as("status query, case 1").startsWith("-606 001 APDU refused by the firewall");
        assertThat(triesLeft("test")).isEqualTo(3);
    }

    @Test
    void aVerifySplitByCommandChainingIsRefusedAndNothingReachesTheCard() {
        assertThat(run("APDU test " + SELECT_TEST, "APDU test 1020008002" + "3939", "APDU test 8020008002" + "3939"))
                .containsExactly("+006 001 9000", "-606 002 APDU refused by the firewall (CLA INS P1 P2 10200080)");
        assertThat(run("APDU test 1020008002" + "3939")).containsExactly("-606 001 APDU refused by the firewall (CLA INS P1 P2 10200080)");
        assertThat(run("APDU test 8020008002" + "3939")).containsExactly("-606 001 APDU refused by the firewall (CLA INS P1 P2 80200080)");
        assertThat(triesLeft("test")).isEqualTo(3);
    }

    @Test
    void theEapCardsVerifyIsRefusedByTheRuleWrittenWithItsCla() {
        assertThat(last("APDU eap " + SELECT_EAP)).isEqualTo("+006 001 9000");
        for (String cla : new String[] {"A0", "A1", "B0", "80", "C0"}) {
            assertThat(last("APDU eap " + cla + WRONG_EAP_VERIFY)).as("CLA %s", cla).startsWith("-606 001 APDU refused by the firewall");
        }
        assertThat(last("APDU eap A020000000000839393939FFFFFFFF")).as("extended form")
                .startsWith("-606 001 APDU refused by the firewall");
        assertThat(triesLeft("eap")).isEqualTo(3);
    }

    @Test
    void chainPartsAreHeldUntilTheLastAndGoToTheCardTogether() {
        assertThat(run("APDU open " + SELECT_TEST, "APDU open 1001000003616263", "APDU open 100100000364656600"))
                .containsExactly("+006 001 9000", "+006 002 9000", "+006 003 9000");
        assertThat(last("APDU open 000100000367686900")).isEqualTo("+006 001 6162636465666768699000");
        // a part that does not continue the chain is refused and drops it: the card never saw the first part
        assertThat(run("APDU open 1001000003616263", "APDU open 0002000000")).containsExactly("+006 001 9000",
                "-606 002 a command chain is open: its next part must have its header 10010000 (chain dropped)");
        assertThat(last("APDU open 000100000364656600")).isEqualTo("+006 001 6465669000");
        // so does a refused line, and a power cycle
        assertThat(run("APDU open 1001000003616263", "APDU open 0001000005616263")).element(1).asString().startsWith("-406 002");
        assertThat(last("APDU open 000100000364656600")).isEqualTo("+006 001 6465669000");
        assertThat(run("APDU open 1001000003616263", "RESET open", "APDU open " + SELECT_TEST, "APDU open 000100000364656600")).element(3)
                .isEqualTo("+006 004 6465669000");
    }

    @Test
    void aChainIsCappedInPartsAndBytes() {
        assertThat(last("APDU open " + SELECT_TEST)).isEqualTo("+006 001 9000");
        String[] parts = new String[CommandChain.MAX_PARTS + 1];
        java.util.Arrays.fill(parts, "APDU open 100100000141");
        List<String> r = run(parts);
        assertThat(r).hasSize(CommandChain.MAX_PARTS + 1).last().asString()
                .startsWith("-906 " + (CommandChain.MAX_PARTS + 1) + " command chain of more than 512 parts");
        String[] large = new String[258]; // 257 parts of 255 bytes are 65535 bytes
        java.util.Arrays.fill(large, "APDU open 10010000FF" + "AB".repeat(255));
        assertThat(run(large)).last().asString().startsWith("-906 258 command chain of more than");
        assertThat(last("APDU open 000100000364656600")).as("the chain was dropped").isEqualTo("+006 001 6465669000");
    }

    @Test
    void aChainedSelectByAidIsJudgedOnTheWholeAid() {
        String aid = RacsTestGrid.TEST_AID;
        assertThat(run("APDU listed 10A4040005" + aid.substring(0, 10), "APDU listed 00A4040005" + aid.substring(10)))
                .containsExactly("+006 001 9000", "+006 002 9000");
        assertThat(last("APDU listed 000100000361626300")).as("the allowed application is selected").isEqualTo("+006 001 6162639000");
        assertThat(run("APDU listed 10A4040005" + aid.substring(0, 10), "APDU listed 00A4040005" + "554E4554FF"))
                .containsExactly("+006 001 9000", "-606 002 AID " + aid.substring(0, 10) + "554E4554FF is not allowed on this SE");
    }

    @Test
    void malformedCommandsAreRefused() {
        assertThat(last("APDU open 0001000005616263")).startsWith("-406 001 not a well-formed command APDU: short Lc says 5");
        assertThat(last("APDU open 000100000000056162")).startsWith("-406 001 not a well-formed command APDU: extended Lc says 5");
    }
}
