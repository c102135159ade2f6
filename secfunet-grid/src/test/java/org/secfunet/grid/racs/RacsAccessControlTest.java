package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.grid.racs.RacsTestGrid.SELECT_TEST;
import static org.secfunet.grid.racs.RacsTestGrid.script;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RacsAccessControlTest {
    @TempDir
    Path dir;
    SeRegistry registry;
    AccessPolicy access;

    @BeforeEach
    void setUp() throws Exception {
        RacsTestGrid.testCard(dir, "se1");
        RacsTestGrid.testCard(dir, "se2");
        RacsServerConfig config = RacsTestGrid.config(dir, RacsTestGrid.serverToml("""
                [users]
                alice = ["se1"]
                admin = ["*"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                [[se.deny]]
                prefix = "00300000"
                mask = "FFFF0000"
                [[se]]
                seid = "se2"
                reader = "vcard:se2.sfn"
                aids = ["F053454346554E455401", "F053454346554E4554FF"]
                [[deny]]
                prefix = "00200000"
                mask = "FFFF0000"
                """));
        registry = RacsTestGrid.registry(config);
        access = AccessPolicy.of(config);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private String run(String cn, String... lines) {
        try (RacsInterpreter i = new RacsInterpreter(registry, access, cn)) {
            return i.run(script(lines)).last().format();
        }
    }

    @Test
    void aClientSeesAndUsesOnlyItsSeids() {
        assertThat(run("alice", "LIST")).isEqualTo("+004 001 se1");
        assertThat(run("admin", "LIST")).isEqualTo("+004 001 se1 se2");
        assertThat(run("alice", "POWERON se2")).isEqualTo("-608 001 not authorised for SEID se2");
        assertThat(run("alice", "APDU se2 " + SELECT_TEST)).isEqualTo("-606 001 not authorised for SEID se2");
        assertThat(run("alice", "RESET se2")).isEqualTo("-605 001 not authorised for SEID se2");
        assertThat(run("alice", "SHUTDOWN se2")).isEqualTo("-607 001 not authorised for SEID se2");
        assertThat(registry.find("se2").orElseThrow().held()).isFalse();
    }

    @Test
    void unknownSeidsAreUnauthorisedExceptForClientsAllowedEverything() {
        assertThat(run("alice", "POWERON se9")).isEqualTo("-608 001 not authorised for SEID se9");
        assertThat(run("admin", "POWERON se9")).isEqualTo("-408 001 unknown SEID se9");
    }

    @Test
    void globalAndPerSeDenyRulesRefuseMatchingHeaders() {
        assertThat(run("alice", "APDU se1 " + SELECT_TEST + " APPEND", "APDU se1 0020008004313233340000"))
                .startsWith("-606 002 APDU refused by the firewall (CLA INS P1 P2 00200080)");
        assertThat(run("alice", "APDU se1 " + SELECT_TEST, "APDU se1 0030000004")).startsWith("-606 002 APDU refused by the firewall");
        // the per-SE rule of se1 does not apply to se2, the global one does
        assertThat(run("admin", "APDU se2 " + SELECT_TEST, "APDU se2 0030000004")).isEqualTo("+006 002 6982");
        assertThat(run("admin", "APDU se2 " + SELECT_TEST, "APDU se2 0020008000")).startsWith("-606 002 APDU refused by the firewall");
    }

    @Test
    void aFetchHeaderCannotSmuggleADeniedCommand() {
        assertThat(run("alice", "APDU se1 " + SELECT_TEST + " MORE=90 FETCH=00200080")).startsWith("-606 001 APDU refused by the firewall");
    }

    @Test
    void theAidAllowlistLetsOnlyAnAllowedSelectThroughFirst() {
        try (RacsInterpreter i = new RacsInterpreter(registry, access, "admin")) {
            assertThat(i.run(script("APDU se2 000100000361626300")).last().format())
                    .isEqualTo("-606 001 no allowed AID has been selected (send SELECT by AID first)");
            assertThat(i.run(script("APDU se2 00A404000AF053454346554E455402")).last().format())
                    .isEqualTo("-606 001 AID F053454346554E455402 is not allowed on this SE");
            assertThat(i.run(script("APDU se2 0070000001")).last().format()).startsWith("-606 001 MANAGE CHANNEL is refused");
            assertThat(i.run(script("APDU se2 00A404020AF053454346554E455401")).last().format()).startsWith("-606 001 SELECT by AID of a next");
            // logical channel bits of CLA are ignored: channel 1 counts as SELECT by AID
            assertThat(i.run(script("APDU se2 01A404000AF053454346554E455401")).last().format()).startsWith("+006 001");
            assertThat(i.run(script("APDU se2 " + SELECT_TEST, "APDU se2 000100000361626300")).last().format())
                    .isEqualTo("+006 002 6162639000");
            // still refused after a successful select
            assertThat(i.run(script("APDU se2 00A404000AF053454346554E455402")).last().format()).startsWith("-606 001 AID");
            // a reset forgets the selection
            assertThat(i.run(script("RESET se2", "APDU se2 000100000361626300")).last().format()).startsWith("-606 002 no allowed AID");
            // so does a failed SELECT of an allowed AID (the card has no such application)
            assertThat(i.run(script("APDU se2 " + SELECT_TEST, "APDU se2 00A404000AF053454346554E4554FF APPEND", "APDU se2 000100000361626300"))
                    .statuses()).extracting(RacsStatus::format)
                    .containsExactly("+006 002 6A82", "-606 003 no allowed AID has been selected (send SELECT by AID first)");
            // so does a power-off
            assertThat(i.run(script("APDU se2 " + SELECT_TEST, "APDU se2 000100000361626300")).last().format()).startsWith("+006 002");
            assertThat(i.run(script("SHUTDOWN se2", "APDU se2 000100000361626300")).last().format()).startsWith("-606 002 no allowed AID");
        }
    }

    @Test
    void withAnAllowlistFetchMayNotBeASelect() {
        assertThat(run("admin", "APDU se2 " + SELECT_TEST + " MORE=61 FETCH=00A40400")).startsWith("-606 001 a FETCH= header may not be SELECT");
    }
}
