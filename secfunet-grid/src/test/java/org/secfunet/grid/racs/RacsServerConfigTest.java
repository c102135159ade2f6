package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RacsServerConfigTest {
    @TempDir
    Path dir;

    private static final String SAMPLE = """
            listen = "127.0.0.1:7777"
            [tls]
            cert = "server.pem"   # chain, PEM
            key = "server.key"
            client_ca = "ca.pem"
            [limits]
            max_line = 32768
            max_lines = 64
            max_sessions = 64
            max_sessions_per_client = 4
            idle_seconds = 600
            [users]
            "vm-a" = ["se1", "se2"]
            admin = ["*"]
            [[se]]
            seid = "se1"
            reader = "vcard:cards/se1.sfn"
            aids = ["f053454346554e455402"]
            [[se.deny]]
            prefix = "00200000"
            mask = "FFFF0000"
            [[se]]
            seid = "se2"
            reader = "VPCD0 00 00"
            [[deny]]
            prefix = "80E60000"
            mask = "FFFF0000"
            """;

    @BeforeEach
    void tls() throws Exception {
        RacsTestGrid.placeholderTls(dir);
    }

    private Path write(String text) throws Exception {
        Path f = dir.resolve("racs.toml");
        Files.writeString(f, text);
        return f;
    }

    private String error(String text) throws Exception {
        Path f = write(text);
        try {
            RacsServerConfig.load(f);
        } catch (RacsConfigException e) {
            assertThat(e.getMessage()).doesNotContain("\n").startsWith("config " + f + ": ");
            return e.getMessage().substring(("config " + f + ": ").length());
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void theSampleLoadsWithPathsRelativeToTheFile() throws Exception {
        RacsServerConfig c = RacsServerConfig.load(write(SAMPLE));
        assertThat(c.listenHost()).isEqualTo("127.0.0.1");
        assertThat(c.listenPort()).isEqualTo(7777);
        assertThat(c.tls().cert()).isEqualTo(dir.resolve("server.pem"));
        assertThat(c.tls().clientCa()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(c.limits()).isEqualTo(RacsServerConfig.Limits.DEFAULT);
        assertThat(c.users()).containsEntry("vm-a", java.util.List.of("se1", "se2")).containsEntry("admin", java.util.List.of("*"));
        assertThat(c.secureElements()).hasSize(2);
        RacsServerConfig.Se se1 = c.secureElements().get(0);
        assertThat(se1.reader()).isEqualTo("vcard:" + dir.resolve("cards/se1.sfn"));
        assertThat(se1.aids()).containsExactly("F053454346554E455402");
        assertThat(se1.deny()).containsExactly(ApduRule.parse("00200000", "FFFF0000"));
        assertThat(c.secureElements().get(1).reader()).isEqualTo("VPCD0 00 00");
        assertThat(c.deny()).containsExactly(ApduRule.parse("80E60000", "FFFF0000"));
    }

    @Test
    void limitsDefaultAndPerClientFollowsASmallTotal() throws Exception {
        String text = SAMPLE.replaceAll("(?s)\\[limits\\].*?idle_seconds = 600\n", "[limits]\nmax_sessions = 2\n");
        RacsServerConfig.Limits l = RacsServerConfig.load(write(text)).limits();
        assertThat(l).isEqualTo(new RacsServerConfig.Limits(32768, 64, 2, 2, 600, 5, 32, 16));
        String none = SAMPLE.replaceAll("(?s)\\[limits\\].*?idle_seconds = 600\n", "");
        assertThat(RacsServerConfig.load(write(none)).limits()).isEqualTo(RacsServerConfig.Limits.DEFAULT);
    }

    @Test
    void unknownKeysAreRefusedWithTheirPlace() throws Exception {
        assertThat(error(SAMPLE + "colour = \"blue\"\n")).startsWith("deny[0].colour: unknown key");
        assertThat(error("bogus = 1\n" + SAMPLE)).startsWith("bogus: unknown key (known here:");
        assertThat(error(SAMPLE.replace("max_lines = 64", "max_lnes = 64"))).startsWith("limits.max_lnes: unknown key");
        assertThat(error(SAMPLE.replace("seid = \"se2\"", "seid = \"se2\"\nslot = 3"))).startsWith("se[1].slot: unknown key");
    }

    @Test
    void wrongTypesAndRangesNameTheField() throws Exception {
        assertThat(error(SAMPLE.replace("max_line = 32768", "max_line = \"big\""))).isEqualTo("limits.max_line: wrong type (expected an integer)");
        assertThat(error(SAMPLE.replace("max_line = 32768", "max_line = 5"))).isEqualTo("limits.max_line: must be 256..1048576, not 5");
        assertThat(error(SAMPLE.replace("max_lines = 64", "max_lines = 1001"))).isEqualTo("limits.max_lines: must be 2..1000, not 1001");
        assertThat(error(SAMPLE.replace("max_sessions_per_client = 4", "max_sessions_per_client = 65")))
                .isEqualTo("limits.max_sessions_per_client: must be 1..64, not 65");
        assertThat(error(SAMPLE.replace("idle_seconds = 600", "idle_seconds = 0"))).startsWith("limits.idle_seconds: must be");
        assertThat(error(SAMPLE.replace("listen = \"127.0.0.1:7777\"", "listen = 7777"))).isEqualTo("listen: wrong type (expected a string)");
        assertThat(error(SAMPLE.replace("seid = \"se2\"", "seid = 2"))).isEqualTo("se[1].seid: wrong type (expected a string)");
        assertThat(error(SAMPLE.replace("[tls]", "tls = 3\n[limits2]"))).isEqualTo("tls: wrong type (expected a table)");
        assertThat(error(SAMPLE.replace("aids = [\"f053454346554e455402\"]", "aids = \"F053454346554E455402\""))).startsWith("se[0].aids: wrong type");
    }

    @Test
    void listenMustBeHostAndPort() throws Exception {
        assertThat(error(SAMPLE.replace("listen = \"127.0.0.1:7777\"", ""))).startsWith("listen: missing");
        assertThat(error(SAMPLE.replace("127.0.0.1:7777", "127.0.0.1"))).startsWith("listen '127.0.0.1' is not HOST:PORT");
        assertThat(error(SAMPLE.replace("127.0.0.1:7777", "127.0.0.1:99999"))).startsWith("listen '127.0.0.1:99999' has port 99999 outside 0..65535");
        RacsServerConfig v6 = RacsServerConfig.load(write(SAMPLE.replace("127.0.0.1:7777", "[::1]:0")));
        assertThat(v6.listenHost()).isEqualTo("::1");
        assertThat(v6.listenPort()).isZero();
    }

    @Test
    void metricsAreOptionalAndNeedATokenOffLoopback() throws Exception {
        assertThat(RacsServerConfig.load(write(SAMPLE)).metrics()).as("no metrics key, no endpoint").isNull();
        String with = "metrics = \"127.0.0.1:9465\"\nmetrics_token = \"pass:scrape\"\n" + SAMPLE;
        org.secfunet.service.MetricsEndpoint.Settings m = RacsServerConfig.load(write(with)).metrics();
        assertThat(m.listen().host()).isEqualTo("127.0.0.1");
        assertThat(m.listen().port()).isEqualTo(9465);
        assertThat(m.token()).isNotNull();
        assertThat(RacsServerConfig.load(write("metrics = \"127.0.0.1:0\"\n" + SAMPLE)).metrics().token()).as("loopback: no token needed").isNull();
        assertThat(error("metrics_token = \"pass:scrape\"\n" + SAMPLE)).isEqualTo("metrics_token is given but metrics (HOST:PORT) is not");
        assertThat(error("metrics = \"0.0.0.0:9465\"\n" + SAMPLE)).startsWith("metrics on ").contains("give metrics_token");
        assertThat(error("metrics = \"9465\"\n" + SAMPLE)).startsWith("metrics");
        assertThat(error("metrics = \"127.0.0.1:9465\"\nmetrics_token = \"plain\"\n" + SAMPLE)).startsWith("metrics_token: ");
    }

    @Test
    void tlsFilesMustExist() throws Exception {
        assertThat(error(SAMPLE.replace("key = \"server.key\"", "key = \"nope.key\""))).isEqualTo("tls.key: file " + dir.resolve("nope.key") + " does not exist");
        assertThat(error(SAMPLE.replace("client_ca = \"ca.pem\"", ""))).isEqualTo("tls.client_ca: missing (a PEM file)");
    }

    @Test
    void usersMustNameConfiguredSeids() throws Exception {
        assertThat(error(SAMPLE.replace("[\"se1\", \"se2\"]", "[\"se1\", \"se9\"]"))).isEqualTo("users.\"vm-a\": SEID se9 is not configured in any [[se]]");
        assertThat(error(SAMPLE.replace("[\"se1\", \"se2\"]", "[]"))).startsWith("users.\"vm-a\": lists no SEID");
        assertThat(error(SAMPLE.replace("[\"*\"]", "[\"*\", \"se1\"]"))).isEqualTo("users.\"admin\": \"*\" must stand alone");
        assertThat(error(SAMPLE.replace("[\"*\"]", "3"))).startsWith("users.\"admin\": must be a list");
        RacsServerConfig star = RacsServerConfig.load(write(SAMPLE.replace("[\"*\"]", "\"*\"")));
        assertThat(star.users().get("admin")).containsExactly("*");
    }

    @Test
    void seEntriesAreChecked() throws Exception {
        assertThat(error(SAMPLE.replace("seid = \"se2\"", "seid = \"se1\""))).isEqualTo("se[1].seid: SEID se1 is configured twice");
        assertThat(error(SAMPLE.replace("seid = \"se2\"", "seid = \"se 2\""))).startsWith("se[1].seid: 'se 2' must be 1 to 64 printable");
        assertThat(error(SAMPLE.replace("reader = \"VPCD0 00 00\"", "reader = \"vcard:cards/se1.sfn\"")))
                .startsWith("se[1].reader: reader vcard:" + dir.resolve("cards/se1.sfn") + " is already used by SEID se1");
        assertThat(error(SAMPLE.replace("reader = \"VPCD0 00 00\"", "reader = \"racs://h:7777/x\""))).startsWith("se[1].reader: a RACS server does not relay");
        assertThat(error(SAMPLE.replace("reader = \"VPCD0 00 00\"", ""))).startsWith("se[1].reader: missing");
        assertThat(error(SAMPLE.replace("f053454346554e455402", "F05345"))).startsWith("se[0].aids[0]: 'F05345' is not an AID");
        assertThat(error(SAMPLE.replace("prefix = \"00200000\"", "prefix = \"00200001\""))).startsWith("se[0].deny[0]: prefix 00200001 has bits outside mask");
        assertThat(error(SAMPLE.replace("mask = \"FFFF0000\"\n[[se]]", "[[se]]"))).startsWith("se[0].deny[0]: mask is missing");
        String noSe = SAMPLE.substring(0, SAMPLE.indexOf("[[se]]")).replace("[\"se1\", \"se2\"]", "[\"*\"]");
        assertThat(error(noSe)).startsWith("se: no SE configured");
    }

    @Test
    void syntaxErrorsAndMissingFilesAreOneLine() throws Exception {
        assertThat(error(SAMPLE + "[users\n")).startsWith("not valid TOML");
        assertThat(error("listen = \"x:1\"\n" + SAMPLE)).startsWith("not valid TOML");
        assertThatThrownBy(() -> RacsServerConfig.load(dir.resolve("absent.toml"))).isInstanceOf(RacsConfigException.class)
                .hasMessage("config " + dir.resolve("absent.toml") + " does not exist or is not a file");
    }

    @Test
    void allowRulesAndExactClaAreRead() throws Exception {
        String aids = "aids = [\"f053454346554e455402\"]";
        String allow = SAMPLE.replace(aids, aids + """

                allow = [{ prefix = "00A40400", mask = "FFFFFF00" }, { prefix = "A0200000", mask = "FFFFFFFF", exact_cla = true }]""");
        RacsServerConfig c = RacsServerConfig.load(write(allow));
        assertThat(c.secureElements().get(0).allow()).containsExactly(ApduRule.parse("00A40400", "FFFFFF00"), ApduRule.parse("A0200000", "FFFFFFFF", true));
        assertThat(c.secureElements().get(1).allow()).isEmpty();
        String empty = SAMPLE.replace(aids, aids + "\nallow = []");
        assertThat(error(empty)).startsWith("se[0].allow: lists no rule");
        assertThat(error(SAMPLE.replace("mask = \"FFFF0000\"\n[[se]]", "mask = \"FFFF0000\"\nexact_cla = true\n[[se]]")))
                .startsWith("se[0].deny[0].exact_cla: only allow rules may match one CLA exactly");
    }
}
