package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VirtualCards;
import org.secfunet.card.runtime.CardCryptoCosts;
import org.secfunet.card.runtime.CardLatencyModel;
import org.secfunet.card.runtime.ModelledCard;
import org.secfunet.card.runtime.OpenCard;
import org.secfunet.eap.tls.engine.CryptoMeter;
import org.secfunet.eap.tls.engine.CryptoMeter.Op;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.InProcessSession;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * The real-card latency model's crypto accounting: one full handshake of the card's TLS client
 * against a JSSE server (client certificate required) counts exactly the public-key operations the
 * card's engine performs, and charges them at the profile's per-operation costs.
 */
class ModelledCardCryptoTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "TLS {0} {1}")
    @CsvSource({"1.3, EC_P256", "1.2, EC_P256", "1.2, RSA_2048", "1.3, RSA_2048"})
    void oneHandshakeChargesItsKeySharesOneAgreementOneSignatureAndTheServersSignatures(String version, ThrowawayPki.KeyType type) throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("model CA", type, Duration.ofDays(1));
        Path store = TestCards.personalized(dir, pki, pki);
        ThrowawayPki.Credential s = pki.server("localhost");
        SSLContext ctx = org.secfunet.tls.demo.JsseContexts.of(s.key(), s.certificate(), pki.ca().certificate());
        CardLatencyModel model = CardLatencyModel.profile("contact-230400");
        OpenCard open = VirtualCards.open(store);
        ModelledCard modelled = new ModelledCard(open.card(), model, null);
        assertThat(modelled.metered()).isTrue();
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress());
             EapSmartcard card = new EapSmartcard(new InProcessSession(modelled, "vcard", open::close), Tracer.OFF)) {
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {"TLSv" + version});
            Thread t = new Thread(() -> {
                try (SSLSocket c = (SSLSocket) server.accept()) {
                    c.startHandshake();
                    c.getInputStream().read();
                } catch (Exception ignored) {
                    // the test fails on the client side
                }
            });
            t.setDaemon(true);
            t.start();
            card.select();
            card.verifyPin(TestCards.PIN);
            try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", sock.getInputStream(), sock.getOutputStream(), Instant.now());
                assertThat(h.version()).isEqualTo("TLSv" + version);
                h.connection().dispose();
            }
        }
        boolean rsa = type.name().startsWith("RSA");
        CryptoMeter m = modelled.meter();
        // the card offers 1.3 and 1.2: its ClientHello carries a 1.3 key share, so a 1.2 server costs it a second key pair
        int keyPairs = version.equals("1.2") ? 2 : 1;
        assertThat(m.count(Op.KEY_PAIR)).as(m.toString()).isEqualTo(keyPairs);
        assertThat(m.count(Op.KEY_AGREEMENT)).as(m.toString()).isEqualTo(1);
        assertThat(m.count(rsa ? Op.RSA_SIGN : Op.EC_SIGN)).as(m.toString()).isEqualTo(1);
        // the server's ServerKeyExchange (1.2) or CertificateVerify (1.3), and its certificate, signed by the CA (the anchor)
        assertThat(m.count(rsa ? Op.RSA_VERIFY : Op.EC_VERIFY)).as(m.toString()).isEqualTo(1);
        assertThat(m.count(rsa ? Op.CHAIN_RSA_VERIFY : Op.CHAIN_EC_VERIFY)).as(m.toString()).isEqualTo(1);
        assertThat(java.util.Arrays.stream(m.snapshot()).sum()).as(m.toString()).isEqualTo(4 + keyPairs);
        CardCryptoCosts c = model.crypto();
        double expected = keyPairs * c.keyPairMs() + c.agreementMs() + (rsa ? c.rsaSignMs() + 2 * c.rsaVerifyMs() : c.signMs() + 2 * c.verifyMs());
        assertThat(modelled.cryptoMs()).isCloseTo(expected, within(1e-9));
    }
}
