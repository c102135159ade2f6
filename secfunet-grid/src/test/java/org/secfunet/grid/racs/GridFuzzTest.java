package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secfunet.grid.hypervisor.VmReply;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.grid.racs.client.RacsFencing;
import org.secfunet.grid.racs.client.RacsReply;

/**
 * What the grid reads from the network: RACS scripts (split into lines, assembled, run against a
 * software test card), two sessions' fenced power-ons and commands on one SE, RACS replies
 * (client side), and the VM protocol's lines. Nothing fails but with the codec's own errors, and
 * every answer stays under its caps.
 */
class GridFuzzTest {
    private static final Path DIR;
    private static final RacsServerConfig CONFIG;

    static {
        try {
            DIR = Files.createTempDirectory("secfunet-gridfuzz");
            RacsTestGrid.testCard(DIR, "c1");
            CONFIG = RacsTestGrid.config(DIR, RacsTestGrid.serverToml("""
                    [limits]
                    max_line = 512
                    max_lines = 16
                    [users]
                    fuzz = ["se1"]
                    [[se]]
                    seid = "se1"
                    reader = "vcard:c1.sfn"
                    [[se.deny]]
                    prefix = "00200000"
                    mask = "FFFF0000"
                    """));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void racsScriptsFromTheNetwork(FuzzedDataProvider data) {
        SeRegistry registry = RacsTestGrid.registry(CONFIG);
        RacsInterpreter interpreter = new RacsInterpreter(registry, AccessPolicy.of(CONFIG), "fuzz");
        RacsLineSplitter splitter = new RacsLineSplitter(512);
        RacsScriptAssembler assembler = new RacsScriptAssembler(16);
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 200));
                for (String line : splitter.feed(chunk)) {
                    RacsScriptAssembler.Outcome o = assembler.accept(line);
                    if (o instanceof RacsScriptAssembler.Complete c) {
                        String reply = interpreter.run(c.script()).format();
                        assertThat(reply).startsWith("BEGIN").endsWith("END\r\n");
                    } else if (o instanceof RacsScriptAssembler.Rejected r) {
                        assertThat(r.response().format()).startsWith("BEGIN");
                    }
                }
                if (splitter.overflowed()) {
                    return;
                }
            }
        } finally {
            interpreter.close();
        }
    }

    /**
     * Two sessions drive one SE with POWERON/RESET lines carrying fuzzed FENCE= values (small
     * numbers, so that tokens meet, or any text), APDUs, SHUTDOWN and raw lines. A refusal for a
     * stale token never reaches the card, the newest token seen never goes down, a fenced power-on
     * that succeeds carries the newest token and leaves its session holding the SE, and a bad
     * FENCE= value is a -4yz or -5yz.
     */
    @FuzzTest(maxDuration = "20s")
    void fencedSessionsShareOneSe(FuzzedDataProvider data) {
        RecordingConnector card = new RecordingConnector();
        SeRegistry registry = SeRegistry.of(CONFIG, card);
        SecureElement se = registry.find("se1").orElseThrow();
        RacsInterpreter[] sessions = {new RacsInterpreter(registry, AccessPolicy.of(CONFIG), "fuzz"),
                new RacsInterpreter(registry, AccessPolicy.of(CONFIG), "fuzz")};
        try {
            for (int step = 0; step < 32 && data.remainingBytes() > 0; step++) {
                RacsInterpreter who = sessions[data.consumeBoolean() ? 1 : 0];
                String fence = switch (data.consumeInt(0, 3)) {
                    case 0 -> "";
                    case 1, 2 -> " FENCE=" + data.consumeLong(1, 6);
                    default -> " FENCE=" + data.consumeAsciiString(24);
                };
                int kind = data.consumeInt(0, 6);
                boolean powerOn = kind <= 1; // the lines that carry the FENCE= option
                String line = switch (kind) {
                    case 0 -> "POWERON se1" + fence;
                    case 1 -> "RESET se1" + (data.consumeBoolean() ? " WARM" : "") + fence;
                    case 2 -> "APDU se1 " + RacsTestGrid.SELECT_TEST;
                    case 3 -> "APDU se1 0001000001" + String.format("%02X", data.consumeInt(0, 255)) + "00";
                    case 4 -> "SHUTDOWN se1";
                    case 5 -> "APDU se1 " + RacsHex.encode(data.consumeBytes(data.consumeInt(4, 12)));
                    default -> data.consumeAsciiString(80);
                };
                int events = card.count();
                long newestBefore = se.newestToken();
                RacsStatus st;
                try {
                    st = who.run(RacsTestGrid.script(line)).last();
                } catch (IllegalArgumentException notOneScript) {
                    continue; // a raw line holding END or BEGIN: not a script of one line
                }
                assertThat(se.newestToken()).isGreaterThanOrEqualTo(newestBefore);
                if (st.parameters().startsWith(RacsFencing.STALE)) {
                    assertThat(st.code()).matches("-6\\d\\d");
                    assertThat(card.since(events)).as("a stale command reaches nothing: %s", line).isEmpty();
                }
                if (powerOn && st.success() && fence.matches(" FENCE=[1-9]\\d*")) {
                    assertThat(Long.parseLong(fence.substring(7))).as(line).isEqualTo(se.newestToken());
                    assertThat(se.heldBy(who)).as(line).isTrue();
                }
                if (fence.matches(" FENCE=[\\x21-\\x7E]*") && !fence.matches(" FENCE=[1-9]\\d{0,18}") && kind == 0) {
                    assertThat(st.code()).as(line).matches("-[45]08");
                }
            }
        } finally {
            sessions[0].close();
            sessions[1].close();
            assertThat(se.held()).isFalse();
            assertThat(se.fencedOutSessions()).isZero();
            registry.close();
        }
    }

    @FuzzTest(maxDuration = "15s")
    void linesOfTheVmProtocolAndRacsReplies(String line) {
        if (line == null) {
            return; // Jazzer's regression mode passes null; a line read from a socket never is
        }
        try {
            VmRequest r = VmRequest.parse(line);
            assertThat(VmRequest.parse(r.line())).isEqualTo(r);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            VmReply.parse(line);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            RacsReply.Status s = RacsReply.Status.parse(line);
            assertThat(s.line()).isBetween(0, 999);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
