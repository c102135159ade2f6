package org.secfunet.grid.racs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.secfunet.pcsc.FencingRefusedException;

/** The client's side of fencing tokens: the option it sends, the refusals it recognises. */
class RacsFencingClientTest {
    @Test
    void theOptionIsDecimalAndOnlyForTokens() {
        assertThat(RacsFencing.option(1)).isEqualTo("FENCE=1");
        assertThat(RacsFencing.option(Long.MAX_VALUE)).isEqualTo("FENCE=9223372036854775807");
        assertThatThrownBy(() -> RacsFencing.option(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RacsFencing.check(-5)).hasMessage("a fencing token is 1..9223372036854775807, not -5");
        assertThatThrownBy(() -> RacsCardSession.open(new RacsAddress("127.0.0.1", 1, "se1"), null, null, -1))
                .as("refused before connecting").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStaleRefusalIsItsOwnException() {
        RacsReply.Status stale = RacsReply.Status.parse("-606 001 " + RacsFencing.staleText(4, 5, "se1"));
        assertThat(RacsCardSession.refused("se1", stale)).isInstanceOfSatisfying(StaleFencingTokenException.class, e -> {
            assertThat(e.token()).isEqualTo(4);
            assertThat(e.newest()).isEqualTo(5);
            assertThat(e).hasMessage("the grid lock for SE se1 was taken over by a newer holder (fencing token 4 < 5) (RACS -606 001 stale fencing "
                    + "token 4 < 5 for SEID se1)");
        });
        assertThat(RacsCardSession.refused("se1", RacsReply.Status.parse("-608 001 not authorised for SEID se1")))
                .isNotInstanceOf(StaleFencingTokenException.class).hasMessageStartingWith("not authorised for SE se1");
        assertThat(RacsCardSession.refused("se1", RacsReply.Status.parse("-708 001 stale fencing token 4 < 5 for SEID se1")))
                .as("class 7 is in use, whatever its text").isNotInstanceOf(StaleFencingTokenException.class);
        assertThat(RacsCardSession.refused("se1", RacsReply.Status.parse("-608 001 fencing token required for SEID se1 (POWERON se1 FENCE=n)")))
                .hasMessageStartingWith("SE se1 needs a fencing token (take its grid lock first)");
        assertThat(RacsFencing.parseStale("stale fencing token 99999999999999999999 < 5")).as("not a token").isNull();
        assertThat(RacsFencing.parseStale("stale fencing token x < 5")).isNull();
    }

    @Test
    void aStaleRefusalIsThePcscFencingRefusal() {
        RacsReply.Status stale = RacsReply.Status.parse("-606 001 " + RacsFencing.staleText(4, 5, "se1"));
        assertThat(RacsCardSession.refused("se1", stale)).as("what services that cannot see the grid catch").isInstanceOf(FencingRefusedException.class);
        assertThat(RacsCardSession.refused("se1", RacsReply.Status.parse("-608 001 fencing token required for SEID se1 (POWERON se1 FENCE=n)")))
                .as("a missing token is no stale one").isNotInstanceOf(FencingRefusedException.class);
    }
}
