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
        assertThatThrownBy(() -> HostPort.parse(" ", "-connect")).hasMessage("-connect is empty (expected HOST:PORT)");
        assertThatThrownBy(() -> HostPort.parse("host", "-connect")).hasMessage("-connect 'host' is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("host:", "-connect")).hasMessage("-connect 'host:' is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse(":443", "-connect")).hasMessage("-connect ':443' is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("[::1]", "-connect")).hasMessage("-connect '[::1]' is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("::1:443", "-connect")).hasMessageContaining("IPv6 address without brackets");
        assertThatThrownBy(() -> HostPort.parse("[host]:443", "-connect")).hasMessageContaining("not an IPv6 address");
        assertThatThrownBy(() -> HostPort.parse("host:http", "-connect")).hasMessage("-connect 'host:http' has a port that is not a number");
        assertThatThrownBy(() -> HostPort.parse("host:-1", "-connect")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HostPort.parse("host:0", "-connect")).hasMessage("-connect 'host:0' has port 0 outside 1..65535");
        assertThatThrownBy(() -> HostPort.parse("host:65536", "-connect")).hasMessage("-connect 'host:65536' has port 65536 outside 1..65535");
        assertThatThrownBy(() -> HostPort.parse("host:9999999999", "-connect")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HostPort.parse("ho st:1", "-connect")).hasMessageContaining("has a host that is not a name or an IP address");
        assertThatThrownBy(() -> HostPort.parse("evil\nhost:1", "-connect")).hasMessageContaining("has a host that is not a name")
                .hasMessageContaining("'evil?host:1'"); // one line: control characters are not echoed
        assertThatThrownBy(() -> HostPort.parse("h\u0007:1", "-connect")).hasMessageContaining("has a host that is not a name");
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
