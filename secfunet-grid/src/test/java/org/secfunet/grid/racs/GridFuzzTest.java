package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secfunet.grid.hypervisor.VmReply;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.grid.racs.client.RacsReply;

/**
 * What the grid reads from the network: RACS scripts (split into lines, assembled, run against a
 * software test card), RACS replies (client side), and the VM protocol's lines. Nothing fails but
 * with the codec's own errors, and every answer stays under its caps.
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
