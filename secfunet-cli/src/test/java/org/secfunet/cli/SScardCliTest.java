package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/** `secfunet s_scard` failures against a real openssl s_server: one clear line, non-zero exit. */
class SScardCliTest {
    @TempDir
    Path dir;

    private Path card(ThrowawayPki pki, ThrowawayPki trusted) throws Exception {
        Path key = dir.resolve("c.key");
        Path cert = dir.resolve("c.pem");
        Path ca = dir.resolve("ca.pem");
        ThrowawayPki.Credential c = pki.client("card@cli.test");
        TestPem.write(c, key, cert);
        Files.writeString(ca, TestPem.pem(trusted.ca().certificate()));
        Path store = dir.resolve("card.sfn");
        String r = "vcard:" + store;
        assertThat(Cli.run("card", "init", "--store", store.toString(), "--pin", "pass:1234", "--puk", "pass:87654321").exit()).isZero();
        assertThat(Cli.run("card", "import", "-r", r, "--key", key.toString(), "--cert", cert.toString(), "--puk", "pass:87654321").exit()).isZero();
        assertThat(Cli.run("card", "ca", "add", "-r", r, "--cert", ca.toString(), "--puk", "pass:87654321").exit()).isZero();
        assertThat(Cli.run("card", "set-identity", "-r", r, "--label", "web", "--eap-id", "card@cli.test", "--puk", "pass:87654321").exit()).isZero();
        return store;
    }

    private static final Pattern ACCEPT = Pattern.compile("(?m)^ACCEPT .*:(\\d+)\\r?\\n"); // a whole line: the file may hold half of it

    /** s_server on a port it binds itself (port 0); returns once it listens, with the port from its "ACCEPT 127.0.0.1:PORT" line. */
    private Server server(ThrowawayPki pki) throws Exception {
        ThrowawayPki.Credential s = pki.server("localhost");
        TestPem.write(s, dir.resolve("s.key"), dir.resolve("s.pem"));
        Files.writeString(dir.resolve("sca.pem"), TestPem.pem(pki.ca().certificate()));
        Path log = dir.resolve("s.log");
        // not -quiet: it would hide the ACCEPT line
        Process p = new ProcessBuilder(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", dir.resolve("s.pem").toString(),
                "-key", dir.resolve("s.key").toString(), "-CAfile", dir.resolve("sca.pem").toString(), "-Verify", "1",
                "-verify_return_error", "-rev")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - deadline < 0) {
            Matcher m = ACCEPT.matcher(Files.readString(log));
            if (m.find()) {
                return new Server(p, Integer.parseInt(m.group(1)));
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("s_server did not start: " + Files.readString(log));
    }

    private record Server(Process process, int port) {
    }

    /** A loopback port bound (so no one else can take it) but not listening: connecting to it is refused. */
    private static Socket closedPort() throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s;
    }

    @Test
    void wrongPinCardRejectingTheServerAndUsageErrorsAreOneLine() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("s_scard cli CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        ThrowawayPki other = ThrowawayPki.create("other CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        Path store = card(pki, other); // the card does not trust the server's CA
        Server s = server(pki);
        Process server = s.process();
        int port = s.port();
        try (Socket closed = closedPort()) {
            String r = "vcard:" + store;
            Cli wrong = Cli.run("s_scard", "-connect", "127.0.0.1:" + port, "-r", r, "-pass", "pass:9999", "-quiet");
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.err().strip()).isEqualTo("secfunet s_scard: VERIFY PIN: PIN wrong or not verified, 2 tries left");

            Cli rejected = Cli.run("s_scard", "-connect", "127.0.0.1:" + port, "-r", r, "-pass", "pass:1234", "-quiet");
            assertThat(rejected.exit()).isEqualTo(1);
            assertThat(rejected.err().lines().count()).isEqualTo(1);
            assertThat(rejected.err()).contains("the card ended the handshake").contains("peer certificate rejected");

            Cli noServer = Cli.run("s_scard", "-connect", "127.0.0.1:" + closed.getLocalPort(), "-r", r, "-pass", "pass:1234");
            assertThat(noServer.exit()).isEqualTo(1);
            assertThat(noServer.err()).contains("cannot connect to 127.0.0.1:");

            assertThat(Cli.run("s_scard", "-connect", "nohostport", "-r", r).err()).contains("-connect 'nohostport' is not HOST:PORT");
            Cli foreignCa = Cli.run("s_scard", "-connect", "127.0.0.1:" + port, "-r", r, "-pass", "pass:1234", "-CAfile", dir.resolve("sca.pem").toString());
            assertThat(foreignCa.exit()).isEqualTo(1);
            assertThat(foreignCa.err()).contains("the card does not trust a CA given for this session");
            Cli options = Cli.run("s_scard", "-connect", "127.0.0.1:" + port, "-r", r, "-pass", "pass:1234", "-tls1_3", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
            assertThat(options.err()).contains("the card refused the TLS options");
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTricklingServerEndsAtTheHandshakeTimeout() throws Exception {
        ThrowawayPki pki = ThrowawayPki.create("s_scard cli CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        String r = "vcard:" + card(pki, pki);
        try (org.secfunet.tls.TricklingServer server = new org.secfunet.tls.TricklingServer(200)) {
            long t0 = System.nanoTime();
            Cli slow = Cli.run("s_scard", "-connect", "127.0.0.1:" + server.port(), "-r", r, "-pass", "pass:1234", "-quiet",
                    "-handshake_timeout", "1");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(6_000);
            assertThat(slow.exit()).isEqualTo(1);
            assertThat(slow.err().strip()).isEqualTo("secfunet s_scard: TLS handshake with 127.0.0.1:" + server.port() + " took longer than 1 s");
        }
        assertThat(Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", r, "-handshake_timeout", "0").err())
                .contains("-handshake_timeout must be at least 1 second");
    }

    @Test
    void shortAndExtendedAreOneOrTheOther() {
        Cli both = Cli.run("s_scard", "-connect", "127.0.0.1:1", "-r", "vcard:" + dir.resolve("none.sfn"), "-short", "-extended");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err().strip()).isEqualTo("secfunet s_scard: give -short or -extended, not both (neither: extended APDUs when the reader and the card allow them)");
        assertThat(Cli.run("s_scard", "--help").out()).contains("-short").contains("-extended");
    }
}
