package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void namesIPv4AndBracketedIPv6() {
        assertThat(HostPort.parse("grid.example:443", "x")).isEqualTo(new HostPort("grid.example", 443));
        assertThat(HostPort.parse(" 10.0.0.1:1 ", "x")).isEqualTo(new HostPort("10.0.0.1", 1));
        assertThat(HostPort.parse("[::1]:443", "x")).isEqualTo(new HostPort("::1", 443));
        assertThat(HostPort.parse("[fe80::1%eth0]:65535", "x").port()).isEqualTo(65535);
        assertThat(new HostPort("::1", 443)).hasToString("[::1]:443");
    }

    @Test
    void eachMistakeIsOneLineNamingTheBadPart() {
        String[][] cases = {
            {" ", "-connect is empty (expected HOST:PORT)"},
            {"host", "-connect 'host' is not HOST:PORT"},
            {"host:", "-connect 'host:' is not HOST:PORT"},
            {":443", "-connect ':443' is not HOST:PORT"},
            {"[::1]", "-connect '[::1]' is not HOST:PORT"},
            {"::1:443", "-connect '::1:443' has an IPv6 address without brackets (write [ADDRESS]:PORT)"},
            {"[host]:443", "-connect '[host]:443' has brackets around a host that is not an IPv6 address"},
            {"host:http", "-connect 'host:http' has a port that is not a number"},
            {"host:-1", "-connect 'host:-1' has a port that is not a number"},
            {"host:9999999999", "-connect 'host:9999999999' has a port that is not a number"},
            {"host:0", "-connect 'host:0' has port 0 outside 1..65535"},
            {"host:65536", "-connect 'host:65536' has port 65536 outside 1..65535"},
            {"ho st:1", "-connect 'ho st:1' has a host that is not a name or an IP address"},
            {"evil\nhost:1", "-connect 'evil?host:1' has a host that is not a name or an IP address"}, // one line: control characters are not echoed
            {"h\u0007:1", "-connect 'h?:1' has a host that is not a name or an IP address"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> HostPort.parse(c[0], "-connect")).as(c[0]).hasMessage(c[1]);
        }
    }

    @Test
    void listenAddressesMayAskForAnyFreePort() {
        assertThat(HostPort.parseListen("127.0.0.1:0", "listen").port()).isZero();
        assertThat(HostPort.parseListen("[::]:0", "listen").host()).isEqualTo("::");
        assertThatThrownBy(() -> HostPort.parseListen("127.0.0.1:65536", "listen")).hasMessageContaining("outside 0..65535");
    }

    @Test
    void partOfALargerAddressIsNamedByIt() {
        assertThat(HostPort.parseIn("h:1", "RACS address 'racs://h:1/x'", "racs://host:port/SEID")).isEqualTo(new HostPort("h", 1));
        assertThatThrownBy(() -> HostPort.parseIn("h", "RACS address 'racs://h/x'", "racs://host:port/SEID"))
                .hasMessage("RACS address 'racs://h/x' has no port (racs://host:port/SEID)");
    }
}
