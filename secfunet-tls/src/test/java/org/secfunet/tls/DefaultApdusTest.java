package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * s_scard's engine with the driver's default APDU mode (no flag), card in process, against a real
 * {@code openssl s_server}: extended APDUs, so an ECDSA TLS 1.3 handshake takes at most 6 APDUs.
 */
class DefaultApdusTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "TLS {0}: at most {1} APDUs")
    @CsvSource({"1.3, 6", "1.2, 7"})
    void noFlagMeansExtendedApdusInProcess(String version, int most) throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = TestCards.personalized(dir, pki, pki);
        try (OpensslServer server = OpensslServer.start(dir, pki, pki, version, true);
             EapSmartcard card = TestCards.open(store);
             Socket socket = new Socket("127.0.0.1", server.port)) {
            assertThat(card.extendedApdus()).isTrue();
            socket.setSoTimeout(10_000);
            card.verifyPin(TestCards.PIN);
            CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now());
            assertThat(h.version()).isEqualTo("TLSv" + version);
            assertThat(h.apdus()).isLessThanOrEqualTo(most);
            TlsConnection c = h.connection();
            c.getOutputStream().write("default\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII)).readLine()).isEqualTo("tluafed");
            c.dispose();
        }
    }
}
