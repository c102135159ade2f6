package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.net.SilentFlood;

/**
 * The pre-authentication lock-out (issue 13, item 3): clients without a certificate hold
 * 2 x max_sessions + 16 silent TCP connections from each of two addresses, reopened as the server closes
 * them, with the default limits; a mutual-TLS client from another address is still served within
 * 5 s, five times out of five.
 */
@Timeout(120)
class RacsAdmissionIT {
    /** The attackers' sources: other loopback addresses than the client's, together able to fill every pending slot. */
    static final String[] ATTACKERS = {"127.0.0.2", "127.0.0.3"};
    static final long SERVED_WITHIN_MILLIS = 5_000;

    @TempDir
    Path dir;
    RacsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void silentConnectionsWithoutACertificateDoNotLockOutAnAuthenticatedClient() throws Exception {
        assumeTrue(canBind(ATTACKERS[0]) && canBind(ATTACKERS[1]), "127.0.0.2 and 127.0.0.3 are not usable loopback addresses here");
        RacsTlsFiles tls = new RacsTlsFiles(dir);
        tls.client("alice");
        RacsTestGrid.testCard(dir, "se1");
        Path config = dir.resolve("racs.toml");
        Files.writeString(config, """
                listen = "127.0.0.1:0"
                [tls]
                cert = "server.pem"
                key = "server.key"
                client_ca = "ca.pem"
                [users]
                alice = ["se1"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                """);
        server = new RacsServer(RacsServerConfig.load(config)).start();
        int attackers = 2 * RacsServerConfig.Limits.DEFAULT.maxSessions() + 16;
        try (SilentFlood flood = new SilentFlood(InetAddress.getByName(ATTACKERS[0]), server.port(), attackers);
             SilentFlood second = new SilentFlood(InetAddress.getByName(ATTACKERS[1]), server.port(), attackers)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((flood.opened() < attackers + 100 || second.opened() < attackers + 100) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(flood.opened() + second.opened()).as("the floods run and their extra connections are being refused").isGreaterThan(2L * attackers);
            for (int attempt = 1; attempt <= 5; attempt++) {
                long start = System.nanoTime();
                try (SSLSocket s = (SSLSocket) tls.clientContext("alice").getSocketFactory().createSocket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) SERVED_WITHIN_MILLIS);
                    s.setSoTimeout((int) SERVED_WITHIN_MILLIS);
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write("BEGIN\r\nGET-VERSION\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).as("attempt %d", attempt).isEqualTo("BEGIN");
                    assertThat(in.readLine()).as("attempt %d", attempt).isEqualTo("+002 001 0.2");
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("attempt %d served in time", attempt)
                        .isLessThan(SERVED_WITHIN_MILLIS);
            }
            assertThat(flood.held() + second.held()).as("the attackers still hold connections").isPositive();
        }
    }

    static boolean canBind(String address) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
