package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.vpcd.VpcdBridge;

/** s_scard's engine with the card inside pcscd (vpcd), against a real `openssl s_server -Verify 1 -rev`. */
class PcscOpensslIT {
    private static final String READER = "VPCD0 00 00";

    @TempDir
    Path dir;

    @BeforeEach
    void env() {
        if (System.getenv("SECFUNET_VPCD_BASE") == null) {
            if ("1".equals(System.getenv("SECFUNET_PCSC_REQUIRED"))) {
                fail("SECFUNET_PCSC_REQUIRED=1 but no pcscd+vpcd environment");
            }
            assumeTrue(false, "no pcscd+vpcd environment (run bin/test)");
        }
    }

    @ParameterizedTest(name = "TLS {0}, {1}, extended {2}")
    @CsvSource({"1.2, EC_P256, false", "1.3, EC_P256, true", "1.2, RSA_2048, true", "1.3, RSA_2048, false"})
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void cardInPcscdAuthenticatesToOpenssl(String version, ThrowawayPki.KeyType type, boolean extended) throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(type);
        Path store = TestCards.personalized(dir, pki, pki);
        awaitCard(false, "slot empty");
        CountDownLatch ready = new CountDownLatch(1);
        try (VcardServer vcard = new VcardServer(List.of(new VcardServer.Slot(store, "127.0.0.1", Integer.parseInt(System.getenv("SECFUNET_VPCD_BASE")))),
                (s, st) -> {
                    if (st == VpcdBridge.State.READY) {
                        ready.countDown();
                    }
                }).start();
             OpensslServer server = OpensslServer.start(dir, pki, pki, version, true)) {
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            awaitCard(true, "card in " + READER);
            try (EapSmartcard card = new EapSmartcard(Readers.discover().connect(READER, ConnectOptions.DEFAULT), Tracer.OFF, extended ? ApduMode.EXTENDED : ApduMode.SHORT);
                 Socket socket = new Socket("127.0.0.1", server.port)) {
                socket.setSoTimeout(10_000);
                card.select();
                card.verifyPin(TestCards.PIN);
                CardTlsClient.Handshake h = CardTlsClient.connect(card, "web", socket.getInputStream(), socket.getOutputStream(), Instant.now());
                assertThat(h.version()).isEqualTo("TLSv" + version);
                TlsConnection c = h.connection();
                c.getOutputStream().write("through pcscd\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII)).readLine()).isEqualTo("dcscp hguorht");
                c.dispose();
            }
            assertThat(server.awaitPrinted("card@test.local", java.time.Duration.ofSeconds(5))).as("%s", server.output).isTrue();
        }
    }

    private static void awaitCard(boolean present, String what) throws InterruptedException {
        if (!PcscReaders.shared().awaitCard(READER, present, java.time.Duration.ofSeconds(10))) {
            fail("timed out waiting for " + what);
        }
    }
}
