package org.secfunet.jca.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secfunet.card.VcardServer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.jca.lab.NginxLab;

/**
 * java.net.http.HttpClient reaching a real nginx that demands a client certificate
 * ({@code ssl_verify_client on}), authenticated by the card: mode 1 (stock SunJSSE, the key in the
 * card) and mode 2 (the whole handshake in the card), TLS 1.2 and 1.3, ECDSA and RSA, the card in
 * process and inside pcscd. nginx answers with the client's subject and the protocol it saw.
 */
class NginxIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "mode {0}, TLS {1}, {2}, {3}")
    @CsvSource({
        "1, 1.2, EC_P256, vcard", "1, 1.3, EC_P256, vcard", "1, 1.2, RSA_2048, vcard", "1, 1.3, RSA_2048, vcard",
        "2, 1.2, EC_P256, vcard", "2, 1.3, EC_P256, vcard", "2, 1.2, RSA_2048, vcard", "2, 1.3, RSA_2048, vcard",
        "1, 1.2, EC_P256, pcscd", "1, 1.3, RSA_2048, pcscd", "2, 1.3, EC_P256, pcscd", "2, 1.2, RSA_2048, pcscd"})
    @SuppressWarnings("try") // resources held open for the body, never named in it
    void theCardAuthenticatesToNginx(int mode, String version, ThrowawayPki.KeyType type, String where) throws Exception {
        boolean pcscd = where.equals("pcscd");
        if (pcscd) {
            PcscLab.require();
        }
        ThrowawayPki pki = Labs.pki(type);
        Path store = Labs.card(dir.resolve("card"), pki, "card@test.local");
        try (VcardServer served = pcscd ? PcscLab.serve(store) : null;
             NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv" + version)) {
            String reader = pcscd ? PcscLab.reader(0) : "vcard:" + store;
            SecFuNetProvider p = Labs.provider(reader + ";pin=pass:1234");
            try (AutoCloseable installed = Labs.installed(p)) {
                SSLContext c = mode == 1 ? Labs.modeOne(p, pki) : Labs.modeTwo(p);
                assertThat(Labs.get(c, nginx.uri())).isEqualTo("CN=card@test.local|TLSv" + version);
                assertThat(Labs.get(c, nginx.uri())).as("a second connection, a second full handshake").isEqualTo("CN=card@test.local|TLSv" + version);
            } finally {
                p.bank().close();
            }
        }
    }

    /** 16 requests at once over two cards inside pcscd, each its own connection and full handshake: every one authenticated. */
    @ParameterizedTest(name = "mode {0}")
    @ValueSource(ints = {1, 2})
    @SuppressWarnings("try") // resources held open for the body, never named in it
    void sixteenConcurrentRequestsOverTwoCardsInPcscd(int mode) throws Exception {
        PcscLab.require();
        ThrowawayPki pki = Labs.pki(ThrowawayPki.KeyType.EC_P256);
        Path a = Labs.card(dir.resolve("a"), pki, "card@test.local");
        Path b = Labs.card(dir.resolve("b"), pki, "card@test.local");
        try (VcardServer served = PcscLab.serve(a, b);
             NginxLab nginx = NginxLab.start(dir.resolve("nginx"), pki.server("localhost"), pki.ca().certificate(), "TLSv1.2 TLSv1.3")) {
            SecFuNetProvider p = Labs.provider(PcscLab.reader(0) + ";" + PcscLab.reader(1) + ";pin=pass:1234");
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try (AutoCloseable installed = Labs.installed(p)) {
                SSLContext c = mode == 1 ? Labs.modeOne(p, pki) : Labs.modeTwo(p);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    answers.add(pool.submit(() -> Labs.get(c, nginx.uri())));
                }
                for (Future<String> f : answers) {
                    assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("CN=card@test.local|TLSv1.3");
                }
            } finally {
                pool.shutdownNow();
                p.bank().close();
            }
        }
    }
}
