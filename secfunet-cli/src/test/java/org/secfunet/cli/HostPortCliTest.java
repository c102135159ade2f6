package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every HOST:PORT option goes through the one parser: the same rule and the same one-line usage errors. */
class HostPortCliTest {
    @Test
    void badAddressesAreUsageErrorsNamingTheOption() {
        Cli port0 = Cli.run("vcard", "--store", "a.sfn", "--vpcd", "localhost:0");
        assertThat(port0.exit()).isEqualTo(2);
        assertThat(port0.err().strip()).isEqualTo("secfunet vcard: --vpcd 'localhost:0' has port 0 outside 1..65535");

        Cli v6 = Cli.run("bench", "s_scard", "--vpcd", "::1:35963", "--reader", "VPCD0 00 00");
        assertThat(v6.err()).contains("--vpcd '::1:35963' has an IPv6 address without brackets");

        Cli accept = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", "vcard:x", "-pass", "pass:1234", "-accept", "http");
        assertThat(accept.exit()).isEqualTo(2);
        assertThat(accept.err().strip()).isEqualTo("secfunet s_scard: -accept 'http' has a port that is not a number");

        Cli connect = Cli.run("s_scard", "-connect", "[::1]:65536", "-r", "vcard:x", "-pass", "pass:1234");
        assertThat(connect.exit()).isEqualTo(2);
        assertThat(connect.err().strip()).isEqualTo("secfunet s_scard: -connect '[::1]:65536' has port 65536 outside 1..65535");
    }
}
