package org.secfunet.grid.racs.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.grid.racs.RacsServerConfig;

/** What a {@code racs://} session says it carries in one command APDU: what one APDU line holds within a server's default max_line. */
class RacsCardSessionLimitTest {
    @Test
    void theLimitIsWhatOneApduLineCarriesWithinTheDefaultMaxLine() {
        assertThat(RacsCardSession.SERVER_MAX_LINE).isEqualTo(RacsServerConfig.Limits.DEFAULT.maxLine());
        for (String seid : new String[] {"se1", "a-rather-long-secure-element-name-of-forty-chars"}) {
            int n = RacsCardSession.maxCommandData(seid);
            assertThat(n).isBetween(16_000, 16_400);
            // the longest command, extended with Le, still fits in one line with its terminator
            byte[] apdu = CommandApdu.of(0xA0, 0x80, 0, 0, new byte[n], 65536).encode();
            assertThat(("APDU " + seid + " " + Hex.encode(apdu) + "\r\n").length()).isLessThanOrEqualTo(RacsCardSession.SERVER_MAX_LINE);
        }
    }
}
