package org.secfunet.eap.tls.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNamesTest {
    @Test
    void exactNamesMatchIgnoringCaseAndATrailingDot() {
        assertThat(HostNames.dnsMatches("www.example.com", "WWW.Example.com.")).isTrue();
        assertThat(HostNames.dnsMatches("www.example.com", "example.com")).isFalse();
    }

    @Test
    void aWildcardIsOneWholeLeftmostLabelOverAtLeastTwoLabels() {
        assertThat(HostNames.dnsMatches("*.example.com", "a.example.com")).isTrue();
        assertThat(HostNames.dnsMatches("*.example.com", "example.com")).isFalse();
        assertThat(HostNames.dnsMatches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(HostNames.dnsMatches("*.com", "example.com")).isFalse();
        assertThat(HostNames.dnsMatches("a*.example.com", "ab.example.com")).isFalse();
    }

    @Test
    void ipLiteralsAreToldFromNames() {
        assertThat(HostNames.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(HostNames.isIpLiteral("::1")).isTrue();
        assertThat(HostNames.isIpLiteral("[::1]")).isTrue();
        assertThat(HostNames.isIpLiteral("localhost")).isFalse();
        assertThat(HostNames.isIpLiteral("1.example.com")).isFalse();
    }

    @Test
    void aCertificateWithoutTheNameDoesNotMatch() {
        var pki = org.secfunet.eap.tls.pki.ThrowawayPki.create("n", org.secfunet.eap.tls.pki.ThrowawayPki.KeyType.EC_P256, java.time.Duration.ofDays(1));
        var cert = pki.server("localhost").certificate();
        assertThat(HostNames.matches(cert, "localhost")).isTrue();
        assertThat(HostNames.matches(cert, "LOCALHOST")).isTrue();
        assertThat(HostNames.matches(cert, "127.0.0.1")).isFalse();
        assertThat(HostNames.matches(cert, "other")).isFalse();
        assertThat(HostNames.matches(cert, "")).isFalse();
        assertThat(HostNames.matches(pki.client("a@b").certificate(), "a@b")).isFalse();
    }
}
