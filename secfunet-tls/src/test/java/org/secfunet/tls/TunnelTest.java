package org.secfunet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/** Tunnel mode: 24 concurrent local connections through one tunnel with 2 cards, to a JSSE server requiring client certificates. */
class TunnelTest {
    @TempDir
    Path dir;

    @Test
    void concurrentConnectionsShareTwoCards() throws Exception {
        ThrowawayPki pki = OpensslInteropTest.pki(ThrowawayPki.KeyType.EC_P256);
        List<EapSmartcard> cards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path d = Files.createDirectories(dir.resolve("card" + i));
            EapSmartcard c = TestCards.open(TestCards.personalized(d, pki, pki), i == 1);
            c.verifyPin(TestCards.PIN);
            cards.add(c);
        }
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        try (JsseEchoServer server = new JsseEchoServer(pki);
             TunnelServer tunnel = new TunnelServer(new InetSocketAddress("127.0.0.1", 0), cards, "web",
                     new InetSocketAddress("127.0.0.1", server.port()), 32, 60_000, log::add).start()) {
            ExecutorService clients = Executors.newFixedThreadPool(24);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                answers.add(clients.submit((Callable<String>) () -> {
                    try (Socket s = new Socket("127.0.0.1", tunnel.port())) {
                        s.setSoTimeout(30_000);
                        s.getOutputStream().write(("connection " + n + "\n").getBytes(StandardCharsets.UTF_8));
                        s.getOutputStream().flush();
                        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    }
                }));
            }
            for (int i = 0; i < 24; i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS))
                        .isEqualTo(new StringBuilder("connection " + i).reverse() + " [CN=card@test.local]");
            }
            clients.shutdown();
            assertThat(tunnel.handshakes()).isEqualTo(24);
            assertThat(tunnel.failures()).as("%s", log).isZero();
        } finally {
            cards.forEach(EapSmartcard::close);
        }
    }
}
