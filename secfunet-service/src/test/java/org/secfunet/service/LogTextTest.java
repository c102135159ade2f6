package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void aForgedLineAndTerminalEscapesBecomeVisibleText() {
        String forged = "alice\nINFO Access-Accept for 'boss@corp'\r\u001b[31mred\u007f\u0085\u009b\u2028\u2029\u0000";
        String shown = LogText.escape(forged);
        assertThat(shown).isEqualTo("alice\\x0AINFO Access-Accept for 'boss@corp'\\x0D\\x1B[31mred\\x7F\\x85\\x9B\\u2028\\u2029\\x00");
        assertThat(shown.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
    }

    @Test
    void plainTextIsUnchanged() {
        assertThat(LogText.escape("CORP\\alice é 日本 tab\there")).isEqualTo("CORP\\alice é 日本 tab\\x09here");
        assertThat(LogText.escape((String) null)).isEqualTo("null");
        assertThat(LogText.escape(new StringBuilder("x\ny"))).isEqualTo("x\\x0Ay");
    }
}
