package org.secfunet.jca.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** SSLParameters as the card applet's TLS proxy options ("versions=…;suites=…;sni=…"). */
class CardOptionsTest {
    @Test
    void theDefaultsNarrowNothingAndTheHostIsTheSni() throws Exception {
        assertThat(CardOptions.of(CardOptions.defaults(), "Example.COM")).isEqualTo("sni=example.com");
        assertThat(CardOptions.of(CardOptions.defaults(), null)).isEmpty();
        assertThat(CardOptions.of(CardOptions.defaults(), "127.0.0.1")).as("no SNI for an IP literal").isEmpty();
        assertThat(CardOptions.of(CardOptions.defaults(), "::1")).isEmpty();
    }

    @Test
    void protocolsSuitesAndServerNamesNarrowTheCard() throws Exception {
        SSLParameters p = new SSLParameters(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_AES_256_GCM_SHA384"},
                new String[] {"TLSv1.3", "TLSv1.1"});
        p.setServerNames(List.of(new SNIHostName("api.test")));
        assertThat(CardOptions.of(p, "other.test")).isEqualTo("versions=1.3;suites=TLS_AES_256_GCM_SHA384;sni=api.test");
    }

    @Test
    void applicationProtocolsAreOfferedAndEndpointIdentificationNamesTheHost() throws Exception {
        SSLParameters p = CardOptions.defaults();
        p.setApplicationProtocols(new String[] {"h2", "http/1.1", "bad,name", "h2"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        assertThat(CardOptions.of(p, "web.test")).isEqualTo("sni=web.test;alpn=h2,http/1.1;host=web.test");
        assertThat(CardOptions.of(p, "10.0.0.1")).as("an IP literal: no SNI, its address checked").isEqualTo("alpn=h2,http/1.1;host=10.0.0.1");
        assertThatThrownBy(() -> CardOptions.of(p, null)).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("needs the server's host name");
    }

    @Test
    void nothingTheCardSpeaksLeftIsRefusedBeforeTheCardIsTouched() {
        assertThatThrownBy(() -> CardOptions.of(new SSLParameters(CardOptions.suites(), new String[] {"TLSv1.1"}), "h.test"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("none of the enabled protocols");
        assertThatThrownBy(() -> CardOptions.of(new SSLParameters(new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA"}), "h.test"))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("none of the enabled cipher suites");
    }
}
