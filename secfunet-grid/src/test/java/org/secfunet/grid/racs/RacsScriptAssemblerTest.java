package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.grid.racs.RacsScriptAssembler.Complete;
import org.secfunet.grid.racs.RacsScriptAssembler.Pending;
import org.secfunet.grid.racs.RacsScriptAssembler.Rejected;

class RacsScriptAssemblerTest {
    @Test
    void linesAccumulateFromBeginToEndAndAreNumberedFromZero() {
        RacsScriptAssembler a = new RacsScriptAssembler(64);
        assertThat(a.accept("BEGIN s1")).isInstanceOf(Pending.class);
        assertThat(a.inScript()).isTrue();
        assertThat(a.accept("APDU se1 00A4040000   CONTINUE=9000  APPEND")).isInstanceOf(Pending.class);
        assertThat(a.accept("")).isInstanceOf(Pending.class);
        assertThat(a.accept("LIST")).isInstanceOf(Pending.class);
        RacsScript s = ((Complete) a.accept("END")).script();
        assertThat(a.inScript()).isFalse();
        assertThat(s.id()).isEqualTo("s1");
        assertThat(s.lines()).extracting(RacsLine::number).containsExactly(0, 1, 2, 3);
        RacsLine apdu = s.lines().get(1);
        assertThat(apdu.tokens()).containsExactly("APDU", "se1", "00A4040000", "CONTINUE=9000");
        assertThat(apdu.append()).isTrue();
        assertThat(apdu.parameters()).containsExactly("se1", "00A4040000", "CONTINUE=9000");
        assertThat(s.lines().get(2).append()).isFalse();
    }

    @Test
    void tabsSeparateTokensAndAppendOnlyCountsAtTheEnd() {
        RacsLine l = RacsLine.parse(3, "\tECHO\tAPPEND x ");
        assertThat(l.tokens()).containsExactly("ECHO", "APPEND", "x");
        assertThat(l.append()).isFalse();
        RacsLine alone = RacsLine.parse(1, "APPEND");
        assertThat(alone.keyword()).isEqualTo("APPEND");
        assertThat(alone.append()).isFalse();
    }

    @Test
    void aLineBeforeBeginIsAnsweredWithClassThreeAndTheConnectionStays() {
        RacsScriptAssembler a = new RacsScriptAssembler(64);
        Rejected r = (Rejected) a.accept("LIST");
        assertThat(r.closeConnection()).isFalse();
        assertThat(r.response().format()).isEqualTo("BEGIN\r\n-304 000 no script is open: send BEGIN first\r\nEND\r\n");
        assertThat(((Rejected) a.accept("hello")).response().last().code()).isEqualTo("-300");
        assertThat(a.accept("   ")).isInstanceOf(Pending.class);
        assertThat(a.accept("BEGIN")).isInstanceOf(Pending.class);
        assertThat(a.accept("END")).isInstanceOf(Complete.class);
    }

    @Test
    void theLineCapCountsBeginAndEnd() {
        RacsScriptAssembler a = new RacsScriptAssembler(4);
        a.accept("BEGIN x");
        a.accept("ECHO 1");
        a.accept("ECHO 2");
        assertThat(a.accept("END")).isInstanceOf(Complete.class);

        a.accept("BEGIN x");
        a.accept("ECHO 1");
        a.accept("ECHO 2");
        Rejected r = (Rejected) a.accept("ECHO 3");
        assertThat(r.closeConnection()).isTrue();
        assertThat(r.response().format()).isEqualTo("BEGIN x\r\n-900 003 script longer than 4 lines\r\nEND\r\n");
        assertThat(a.inScript()).isFalse();
    }

    @Test
    void aTooLongLineIsAnsweredWithItsLineNumber() {
        RacsScriptAssembler a = new RacsScriptAssembler(64);
        assertThat(a.lineTooLong(100).format()).isEqualTo("BEGIN\r\n-900 000 line longer than 100 bytes\r\nEND\r\n");
        a.accept("BEGIN job");
        a.accept("LIST");
        assertThat(a.lineTooLong(100).format()).isEqualTo("BEGIN job\r\n-900 002 line longer than 100 bytes\r\nEND\r\n");
    }

    @Test
    void unprintableBytesAreFlagged() {
        assertThat(RacsLine.parse(1, "ECHO \u0000").problem()).contains("0x00 at column 6");
        assertThat(RacsLine.parse(1, "ECHO \u00ff").problem()).contains("0xFF");
        assertThat(RacsLine.parse(1, "ECHO ~").problem()).isNull();
        RacsScriptAssembler a = new RacsScriptAssembler(64);
        Rejected r = (Rejected) a.accept("BEGIN\u0007");
        assertThat(r.response().last().code()).isEqualTo("-300");
    }

    @Test
    void onlyAnExactEndEndsTheScript() {
        RacsScriptAssembler a = new RacsScriptAssembler(64);
        a.accept("BEGIN");
        assertThat(a.accept("end")).isInstanceOf(Pending.class);
        RacsScript s = ((Complete) a.accept("END extra")).script();
        assertThat(s.lines()).hasSize(3);
        assertThat(s.id()).isNull();
        assertThat(RacsTestGrid.scriptOf(List.of("BEGIN " + "i".repeat(65), "END")).echoedId()).isNull();
    }
}
