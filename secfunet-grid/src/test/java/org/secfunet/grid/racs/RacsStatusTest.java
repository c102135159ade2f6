package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.secfunet.grid.racs.RacsStatus.Kind;

class RacsStatusTest {
    @Test
    void formatsDraftStatusLines() {
        assertThat(RacsStatus.ok(RacsCommand.APDU, 1, "9000").format()).isEqualTo("+006 001 9000");
        assertThat(RacsStatus.error(Kind.IN_USE, RacsCommand.APDU, 2, "SE in use by another session").format())
                .isEqualTo("-706 002 SE in use by another session");
        assertThat(RacsStatus.ok(RacsCommand.SHUTDOWN, 12, "").format()).isEqualTo("+007 012");
        assertThat(RacsStatus.error(Kind.EXECUTION, RacsCommand.APDU, 123, "6A82").format()).isEqualTo("-006 123 6A82");
        assertThat(RacsStatus.error(Kind.UNKNOWN_COMMAND, (RacsCommand) null, 4, "x").code()).isEqualTo("-100");
        assertThat(RacsStatus.error(Kind.ILLEGAL, "LIST", 0, "x").code()).isEqualTo("-304");
        assertThat(RacsStatus.error(Kind.ILLEGAL, "NOPE", 0, "x").code()).isEqualTo("-300");
    }

    @Test
    void classDigitsAndCommandCodesFollowTheDraft() {
        assertThat(List.of(Kind.values()).stream().map(k -> k.sign() + "" + k.digit()).toList())
                .containsExactly("+0", "-0", "-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8", "-9");
        assertThat(List.of(RacsCommand.values()).stream().map(c -> c.keyword() + "=" + c.code()).toList()).containsExactly(
                "BEGIN=1", "GET-VERSION=2", "SET-VERSION=3", "LIST=4", "RESET=5", "APDU=6", "SHUTDOWN=7", "POWERON=8", "ECHO=9", "SEN=10",
                "GET-SEN=11");
        assertThat(RacsCommand.byKeyword("apdu")).isEmpty();
        assertThat(RacsCommand.byKeyword("GET-VERSION")).contains(RacsCommand.GET_VERSION);
    }

    @Test
    void lineNumbersAreThreeDigitsAndClamped() {
        assertThat(RacsStatus.ok(RacsCommand.ECHO, 0, "a").format()).isEqualTo("+009 000 a");
        assertThat(RacsStatus.ok(RacsCommand.ECHO, 5000, "a").format()).isEqualTo("+009 999 a");
        assertThatThrownBy(() -> new RacsStatus(Kind.SUCCESS, 100, 1, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void responsesUseCrlf() {
        RacsResponse r = new RacsResponse("id1", List.of(RacsStatus.ok(RacsCommand.ECHO, 1, "a"), RacsStatus.ok(RacsCommand.LIST, 2, "se1")));
        assertThat(r.format()).isEqualTo("BEGIN id1\r\n+009 001 a\r\n+004 002 se1\r\nEND\r\n");
        assertThat(RacsResponse.of(null, RacsStatus.ok(RacsCommand.BEGIN, 0, "")).format()).isEqualTo("BEGIN\r\n+001 000\r\nEND\r\n");
    }
}
