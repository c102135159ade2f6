package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.grid.racs.RacsTestGrid.SELECT_TEST;
import static org.secfunet.grid.racs.RacsTestGrid.script;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RacsInterpreterTest {
    @TempDir
    Path dir;
    SeRegistry registry;
    AccessPolicy access;
    RacsInterpreter vm;

    @BeforeEach
    void setUp() throws Exception {
        RacsServerConfig config = RacsTestGrid.config(dir, RacsTestGrid.serverToml("""
                [users]
                "vm-a" = ["se1", "se2"]
                """ + RacsTestGrid.testSes(dir, "se1", "se2")));
        registry = RacsTestGrid.registry(config);
        access = AccessPolicy.of(config);
        vm = new RacsInterpreter(registry, access, "vm-a");
    }

    @AfterEach
    void tearDown() {
        vm.close();
        registry.close();
    }

    private List<String> statuses(String... lines) {
        return vm.run(script(lines)).statuses().stream().map(RacsStatus::format).toList();
    }

    private String one(String line) {
        List<String> s = statuses(line);
        assertThat(s).hasSize(1);
        return s.get(0);
    }

    @Test
    void getVersionAnswersTheWholeResponseInDraftFormat() {
        assertThat(vm.run(script("GET-VERSION")).format()).isEqualTo("BEGIN\r\n+002 001 0.2\r\nEND\r\n");
    }

    @Test
    void theBeginIdIsEchoedAndAnEmptyScriptAnswersBegin() {
        RacsScript s = RacsTestGrid.scriptOf(List.of("BEGIN job-7", "END"));
        assertThat(vm.run(s).format()).isEqualTo("BEGIN job-7\r\n+001 000\r\nEND\r\n");
    }

    @Test
    void setVersionAcceptsOnly02() {
        assertThat(one("SET-VERSION 0.2")).isEqualTo("+003 001 0.2");
        assertThat(one("SET-VERSION 1.0")).startsWith("-403 001 version 1.0 is not supported");
        assertThat(one("SET-VERSION")).startsWith("-503 001 missing parameter");
    }

    @Test
    void listShowsTheAllowedSeids() {
        assertThat(one("LIST")).isEqualTo("+004 001 se1 se2");
        assertThat(one("LIST x")).startsWith("-504 001");
    }

    @Test
    void echoReturnsItsToken() {
        assertThat(one("ECHO hello")).isEqualTo("+009 001 hello");
        assertThat(one("ECHO")).startsWith("-509 001 missing parameter");
        assertThat(one("ECHO a b")).startsWith("-509 001 too many parameters");
    }

    @Test
    void unknownCommandIsClassOneAndStopsTheScript() {
        assertThat(statuses("ECHO a APPEND", "FROB x", "ECHO b APPEND"))
                .containsExactly("+009 001 a", "-100 002 unknown command FROB");
        assertThat(one("echo lower")).isEqualTo("-100 001 unknown command echo");
    }

    @Test
    void onlyTheLastStatusUnlessAppend() {
        assertThat(statuses("ECHO a", "ECHO b", "ECHO c")).containsExactly("+009 003 c");
        assertThat(statuses("ECHO a", "ECHO b APPEND", "ECHO c")).containsExactly("+009 002 b", "+009 003 c");
        assertThat(statuses("ECHO a APPEND", "ECHO b APPEND")).containsExactly("+009 001 a", "+009 002 b");
    }

    @Test
    void processingStopsAtTheFirstError() {
        assertThat(statuses("ECHO a APPEND", "SET-VERSION 9 APPEND", "ECHO never APPEND"))
                .containsExactly("+009 001 a", "-403 002 version 9 is not supported (0.2 is)");
    }

    @Test
    void secondBeginIsOutOfSequence() {
        assertThat(statuses("ECHO a", "BEGIN", "ECHO b")).containsExactly("-301 002 BEGIN inside a script");
    }

    @Test
    void beginIdTooLongIsABadValue() {
        RacsScript s = RacsTestGrid.scriptOf(List.of("BEGIN " + "x".repeat(65), "ECHO a", "END"));
        RacsResponse r = vm.run(s);
        assertThat(r.format()).isEqualTo("BEGIN\r\n-401 000 script id longer than 64 characters\r\nEND\r\n");
    }

    @Test
    void nonPrintableBytesAreASyntaxError() {
        assertThat(one("ECHO a\u0001b")).startsWith("-509 001 line holds a byte outside printable ASCII");
        assertThat(one("ECHO caf\u00e9")).startsWith("-509 001");
    }

    @Test
    void senIsKnownButNotImplemented() {
        assertThat(one("SEN se1")).isEqualTo("-210 001 SEN is not implemented");
        assertThat(one("GET-SEN se1")).isEqualTo("-211 001 GET-SEN is not implemented");
    }

    @Test
    void powerOnResetShutdownAnswerTheAtr() {
        String on = one("POWERON se1");
        assertThat(on).matches("\\+008 001 [0-9A-F]{4,}");
        String atr = on.substring("+008 001 ".length());
        assertThat(one("POWERON se1")).isEqualTo(on);
        assertThat(one("RESET se1")).isEqualTo("+005 001 " + atr);
        assertThat(one("RESET se1 WARM")).isEqualTo("+005 001 " + atr);
        assertThat(one("RESET se1 COLD")).startsWith("-505 001");
        assertThat(one("SHUTDOWN se1")).isEqualTo("+007 001");
        assertThat(one("SHUTDOWN se1")).isEqualTo("+007 001");
        assertThat(one("POWERON")).startsWith("-508 001 missing parameter");
    }

    @Test
    void resetOfAPoweredOffSePowersItOn() {
        assertThat(one("RESET se2")).matches("\\+005 001 [0-9A-F]+");
        assertThat(registry.find("se2").orElseThrow().heldBy(vm)).isTrue();
    }

    @Test
    void apduOnAPoweredOffSePowersItOnAndSelects() {
        assertThat(one("APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
        assertThat(one("APDU se1 00010000036162630 ")).startsWith("-506");
        assertThat(one("APDU se1 000100000361626300")).isEqualTo("+006 001 6162639000");
        assertThat(one("APDU se1 0001000003616263")).isEqualTo("+006 001 6103");
    }

    @Test
    void continueMismatchIsAnExecutionErrorWithTheSw() {
        assertThat(statuses("APDU se1 00A404000AF053454346554E4554FF CONTINUE=9000 APPEND", "ECHO never"))
                .containsExactly("-006 001 6A82");
        assertThat(one("APDU se1 " + SELECT_TEST + " CONTINUE=9000")).isEqualTo("+006 001 9000");
    }

    @Test
    void sixCxxIsResentWithTheRightLe() {
        statuses("APDU se1 " + SELECT_TEST);
        assertThat(one("APDU se1 00CA010100")).matches("\\+006 001 [0-9A-F]{32}9000");
        assertThat(one("APDU se1 00CA010120")).matches("\\+006 001 [0-9A-F]{32}9000");
    }

    @Test
    void moreFetchesTheRestWithGetResponse() {
        statuses("APDU se1 " + SELECT_TEST);
        assertThat(one("APDU se1 00020100")).isEqualTo("+006 001 6100");
        String all = one("APDU se1 00020100 MORE=61");
        assertThat(all).isEqualTo("+006 001 " + generated(256) + "9000");
        assertThat(one("APDU se1 0002020000 MORE=61")).isEqualTo("+006 001 " + generated(512) + "9000");
        assertThat(one("APDU se1 0002020000 MORE=61 FETCH=00C00000 CONTINUE=9000")).isEqualTo("+006 001 " + generated(512) + "9000");
        String data = generated(200);
        assertThat(one("APDU se1 00010000C8" + data + " MORE=61"))
                .isEqualTo("+006 001 " + data + "9000");
    }

    @Test
    void eapStyleMoreAndFetch() {
        statuses("APDU se1 " + SELECT_TEST);
        String data = generated(250);
        assertThat(one("APDU se1 A0800000FA" + data)).isEqualTo("+006 001 9F00");
        assertThat(one("APDU se1 A0800000FA" + data + " MORE=9F FETCH=A0120000")).isEqualTo("+006 001 " + data + "9000");
    }

    @Test
    void apduSyntaxAndValueErrors() {
        assertThat(one("APDU se1")).startsWith("-506 001 missing parameter");
        assertThat(one("APDU se1 00A4G0")).startsWith("-506 001 the APDU is not an even number of hex digits");
        assertThat(one("APDU se1 00A40")).startsWith("-506 001");
        assertThat(one("APDU se1 00A4")).startsWith("-406 001 an APDU has 4 to");
        assertThat(one("APDU se1 00A40400 MORE=6")).startsWith("-506 001 MORE= needs 2 hex digits");
        assertThat(one("APDU se1 00A40400 MORE=6161")).startsWith("-406 001 MORE= needs 2 hex digits, not 4");
        assertThat(one("APDU se1 00A40400 CONTINUE=90")).startsWith("-406 001 CONTINUE= needs 4 hex digits");
        assertThat(one("APDU se1 00A40400 FETCH=00C0")).startsWith("-406 001 FETCH= needs 8 hex digits");
        assertThat(one("APDU se1 00A40400 MORE=61 MORE=61")).startsWith("-506 001 MORE= given twice");
        assertThat(one("APDU se1 00A40400 LATER=1")).startsWith("-506 001 unknown APDU option LATER");
    }

    static String generated(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02X", i & 0xFF));
        }
        return sb.toString();
    }
}
