package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.TransportException;
import org.secfunet.pcsc.FencingRefusedException;
import org.secfunet.pcsc.ReaderException;

/** What radius_server counts of its grid cards: a stale fencing token is told by the refusal's type, never its text. */
class GridCardStatsTest {
    private static final String TEXT = "the grid lock for SE se1 was taken over by a newer holder (fencing token 4 < 5) (RACS -606 001 stale fencing "
            + "token 4 < 5 for SEID se1)";

    @Test
    void aStaleTokenIsCountedByItsType() {
        GridCardStats stats = new GridCardStats();
        stats.countStale(new FencingRefusedException(TEXT));
        assertThat(stats.staleTokens).as("the refusal itself").hasValue(1);
        stats.countStale(new TransportException("card se1 failed", new FencingRefusedException("refused")));
        assertThat(stats.staleTokens).as("a failure it caused, whatever the texts say").hasValue(2);
    }

    @Test
    void theRefusalsTextAloneCountsNothing() {
        GridCardStats stats = new GridCardStats();
        stats.countStale(new ReaderException(TEXT));
        stats.countStale(new TransportException(TEXT, new ReaderException(TEXT)));
        stats.countStale(new ReaderException(null));
        stats.countStale(null);
        assertThat(stats.staleTokens).hasValue(0);
    }
}
