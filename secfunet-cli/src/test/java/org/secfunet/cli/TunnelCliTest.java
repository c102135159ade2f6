package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.tls.demo.EmbeddedTlsServer;

/** `secfunet s_scard -accept`: 20 concurrent local connections through one tunnel over two software cards. */
class TunnelCliTest {
    @TempDir
    Path dir;

    private String card(ThrowawayPki pki, int i) throws Exception {
        ThrowawayPki.Credential c = pki.client("tunnel" + i + "@cli.test");
        Path key = dir.resolve("c" + i + ".key");
        Path cert = dir.resolve("c" + i + ".pem");
        Path ca = dir.resolve("ca.pem");
        TestPem.write(c, key, cert);
        java.nio.file.Files.writeString(ca, TestPem.pem(pki.ca().certificate()));
        String store = dir.resolve("card" + i + ".sfn").toString();
        String r = "vcard:" + store;
        assertThat(Cli.run("card", "init", "--store", store, "--pin", "pass:1234", "--puk", "pass:87654321").exit()).isZero();
        assertThat(Cli.run("card", "import", "-r", r, "--key", key.toString(), "--cert", cert.toString(), "--puk", "pass:87654321").exit()).isZero();
        assertThat(Cli.run("card", "ca", "add", "-r", r, "--cert", ca.toString(), "--puk", "pass:87654321").exit()).isZero();
        assertThat(Cli.run("card", "set-identity", "-r", r, "--label", "web", "--eap-id", "tunnel" + i, "--puk", "pass:87654321").exit()).isZero();
        return r;
    }

    @Test
    void twentyConcurrentConnectionsOverTwoCards() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("tunnel CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        String r0 = card(pki, 0);
        String r1 = card(pki, 1);
        ThrowawayPki.Credential s = pki.server("localhost");
        try (EmbeddedTlsServer server = new EmbeddedTlsServer(s.key(), s.certificate(), pki.ca().certificate())) {
            // port 0: the tunnel binds a free port itself and prints it on its ready line
            Cli.Running tunnel = Cli.start("s_scard", "-connect", "127.0.0.1:" + server.port(),
                    "-r", r0, "-r", r1, "-pass", "pass:1234", "-accept", "127.0.0.1:0", "-for", "30");
            Pattern ready = Pattern.compile("ready: tunnel 127\\.0\\.0\\.1:(\\d+) ");
            Matcher m = ready.matcher(tunnel.awaitOut("the tunnel's ready line", Duration.ofSeconds(20), o -> ready.matcher(o).find()));
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));
            ExecutorService clients = Executors.newFixedThreadPool(20);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                answers.add(clients.submit(() -> {
                    try (Socket c = new Socket("127.0.0.1", port)) {
                        c.setSoTimeout(20_000);
                        c.getOutputStream().write(("line " + n + "\n").getBytes(StandardCharsets.UTF_8));
                        return new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    }
                }));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).startsWith("echo: line " + i + " (client CN=tunnel");
            }
            clients.shutdown();
            Cli result = tunnel.done().get(60, TimeUnit.SECONDS);
            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(result.out()).contains("ready: tunnel 127.0.0.1:" + port).contains("with 2 card(s)").contains("failures").contains(" 0 failures");
        }
    }
}
