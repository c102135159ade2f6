package org.secfunet.eap.tls.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;

/** The one cipher-suite table agrees with Bouncy Castle's and JSSE's names for every code it lists. */
class AeadSuiteTest {
    @Test
    void everyCodeIsTheOneBouncyCastleGivesItsIanaName() throws Exception {
        for (AeadSuite s : AeadSuite.values()) {
            assertThat(CipherSuite.class.getField(s.iana()).getInt(null)).as(s.iana()).isEqualTo(s.code);
        }
    }

    @Test
    void everyIanaNameIsOneTheJdkAndBouncyCastleJsseSupport() throws Exception {
        List<String> jdk = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        SSLContext bc = SSLContext.getInstance("TLS", new BouncyCastleJsseProvider(new BouncyCastleProvider()));
        bc.init(null, null, null);
        List<String> bcJsse = List.of(bc.getSupportedSSLParameters().getCipherSuites());
        for (AeadSuite s : AeadSuite.values()) {
            assertThat(jdk).as("JDK JSSE").contains(s.iana());
            assertThat(bcJsse).as("Bouncy Castle JSSE").contains(s.iana());
        }
    }

    @Test
    void theRegistryValuesNamesAndLengthsAreTheRfcOnes() {
        assertThat(AeadSuite.values()).extracting(s -> s.code)
                .containsExactly(0x1301, 0x1302, 0x1303, 0xC02B, 0xC02C, 0xCCA9, 0xC02F, 0xC030, 0xCCA8);
        assertThat(AeadSuite.opensslName(0xC02B)).isEqualTo("ECDHE-ECDSA-AES128-GCM-SHA256");
        assertThat(AeadSuite.opensslName(0xCCA8)).isEqualTo("ECDHE-RSA-CHACHA20-POLY1305");
        assertThat(AeadSuite.opensslName(0x1302)).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(AeadSuite.ianaName(0x0035)).isEqualTo("0x0035");
        assertThat(AeadSuite.ianaFor("ECDHE-RSA-AES256-GCM-SHA384")).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(AeadSuite.ianaFor("TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
        AeadSuite gcm12 = AeadSuite.of(0xC02C);
        assertThat(List.of(gcm12.keyLength, gcm12.ivLength(), gcm12.hash.length)).containsExactly(32, 4, 48);
        AeadSuite chacha12 = AeadSuite.of(0xCCA9);
        assertThat(List.of(chacha12.keyLength, chacha12.ivLength(), chacha12.hash.length)).containsExactly(32, 12, 32);
        AeadSuite aes13 = AeadSuite.of(0x1301);
        assertThat(List.of(aes13.keyLength, aes13.ivLength(), aes13.hash.length)).containsExactly(16, 12, 32);
        assertThat(AeadSuite.codes(false, true, false, true)).containsExactly(0xC02F, 0xC030, 0xCCA8);
    }
}
