package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void aForgedLineAndTerminalEscapesBecomeVisibleText() {
        String forged = "alice\nINFO Access-Accept for 'boss@corp'\r\u001b[31mred\u007f\u0085\u009b\u2028\u2029\u0000";
        String shown = LogText.escape(forged);
        assertThat(shown).isEqualTo("alice\\nINFO Access-Accept for 'boss@corp'\\r\\x1b[31mred\\x7f\\x85\\x9b\\u2028\\u2029\\x00");
        assertThat(shown.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
    }

    @Test
    void plainTextIsUnchanged() {
        assertThat(LogText.escape("CORP\\alice é 日本 tab\there")).isEqualTo("CORP\\alice é 日本 tab\\there");
        assertThat(LogText.escape((String) null)).isEqualTo("null");
        assertThat(LogText.escape(new StringBuilder("x\ny"))).isEqualTo("x\\ny");
    }
}
