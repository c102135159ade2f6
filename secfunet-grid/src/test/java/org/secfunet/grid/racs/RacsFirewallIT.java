package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firewall bypasses replayed through a running RACS server by a real {@code openssl s_client}:
 * VERIFY of a wrong PIN in CLA 01 and 80, in the extended form, split by ISO command chaining, and
 * the EAP-TLS card's A0 20 against the rule the docs give for it. Afterwards both stores still
 * hold all their PIN tries.
 */
@Timeout(120)
class RacsFirewallIT {
    @TempDir
    Path dir;

    @Test
    void noVerifyFormPassesTheDocumentedRulesAndNoTryIsSpent() throws Exception {
        assumeTrue(OpensslClient.installed(), "openssl is not installed");
        new RacsTlsFiles(dir).client("alice");
        Path test = RacsTestGrid.testCard(dir, "se1");
        Path eap = RacsTestGrid.eapCard(dir, "se2");
        Path config = dir.resolve("racs.toml");
        Files.writeString(config, "listen = \"127.0.0.1:0\"\n" + RacsTestGrid.tlsSection() + """
                [users]
                alice = ["se1", "se2"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                deny = [{ prefix = "00200000", mask = "FFFF0000" }]   # the test card's VERIFY (docs/racs.md)
                [[se]]
                seid = "se2"
                reader = "vcard:se2.sfn"
                deny = [{ prefix = "A0200000", mask = "FFFF0000" }]   # the EAP-TLS card's VERIFY (docs/racs.md)
                """);
        try (RacsServer server = new RacsServer(RacsServerConfig.load(config)).start();
             OpensslClient c = OpensslClient.connect(server.port(), dir.resolve("alice.pem"), dir.resolve("alice.key"), dir.resolve("ca.pem"))) {
            assertThat(c.run("APDU se1 " + RacsTestGrid.SELECT_TEST)).containsExactly("BEGIN", "+006 001 9000", "END");
            for (String verify : new String[] {"012000800439393939", "802000800439393939", "00200080000004393939390000", "1020008002" + "3939"}) {
                assertThat(c.run("APDU se1 " + verify)).as(verify).element(1).asString().startsWith("-606 001 APDU refused by the firewall");
            }
            assertThat(c.run("APDU se2 " + RacsFirewallTest.SELECT_EAP)).containsExactly("BEGIN", "+006 001 9000", "END");
            for (String verify : new String[] {"A02000000839393939FFFFFFFF", "A12000000839393939FFFFFFFF", "A020000000000839393939FFFFFFFF"}) {
                assertThat(c.run("APDU se2 " + verify)).as(verify).element(1).asString().startsWith("-606 001 APDU refused by the firewall");
            }
        }
        assertThat(RacsTestGrid.triesLeft(test)).isEqualTo(3);
        assertThat(RacsTestGrid.triesLeft(eap)).isEqualTo(3);
    }
}
