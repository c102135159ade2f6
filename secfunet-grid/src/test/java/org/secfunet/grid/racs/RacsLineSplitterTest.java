package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RacsLineSplitterTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crlfAndLfBothEndLines() {
        RacsLineSplitter s = new RacsLineSplitter(100);
        assertThat(s.feed(b("BEGIN\r\nLIST\nEND\r\n"))).containsExactly("BEGIN", "LIST", "END");
        assertThat(s.hasPartialLine()).isFalse();
    }

    @Test
    void linesMayArriveInPiecesEvenOneByteAtATime() {
        RacsLineSplitter s = new RacsLineSplitter(100);
        List<String> out = new ArrayList<>();
        for (byte x : b("BEGIN 7\r\nECHO abc\r\nEND\r\n")) {
            out.addAll(s.feed(new byte[] {x}));
        }
        assertThat(out).containsExactly("BEGIN 7", "ECHO abc", "END");
        assertThat(s.feed(b("ECH"))).isEmpty();
        assertThat(s.hasPartialLine()).isTrue();
        assertThat(s.feed(b("O x\r"))).isEmpty();
        assertThat(s.feed(b("\n"))).containsExactly("ECHO x");
    }

    @Test
    void aLoneCrInsideALineIsKeptForTheInterpreterToRefuse() {
        RacsLineSplitter s = new RacsLineSplitter(100);
        assertThat(s.feed(b("ECHO a\rb\n"))).containsExactly("ECHO a\rb");
    }

    @Test
    void exactlyTheCapIsAcceptedWithOrWithoutCr() {
        RacsLineSplitter s = new RacsLineSplitter(8);
        assertThat(s.feed(b("12345678\r\n12345678\n"))).containsExactly("12345678", "12345678");
        assertThat(s.overflowed()).isFalse();
    }

    @Test
    void oneByteOverTheCapStopsTheSplitterAfterTheCompleteLines() {
        RacsLineSplitter s = new RacsLineSplitter(8);
        assertThat(s.feed(b("ok\n123456789\nlater\n"))).containsExactly("ok");
        assertThat(s.overflowed()).isTrue();
        assertThatThrownBy(() -> s.feed(b("x\n"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLongLineIsRefusedBeforeItsEndArrives() {
        RacsLineSplitter s = new RacsLineSplitter(16);
        assertThat(s.feed(b("A".repeat(16)))).isEmpty();
        assertThat(s.overflowed()).isFalse();
        assertThat(s.feed(b("\r"))).isEmpty();
        assertThat(s.overflowed()).isFalse();
        assertThat(s.feed(b("x"))).isEmpty();
        assertThat(s.overflowed()).isTrue();
    }

    @Test
    void crThenMoreTextPastTheCapOverflows() {
        RacsLineSplitter s = new RacsLineSplitter(4);
        assertThat(s.feed(b("1234\r5\n"))).isEmpty();
        assertThat(s.overflowed()).isTrue();
    }
}
