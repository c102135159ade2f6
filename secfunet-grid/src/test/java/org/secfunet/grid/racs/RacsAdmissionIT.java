package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.net.LockoutAttack;

/**
 * The pre-authentication lock-out (issue 13, item 3) against racs_server with the default limits:
 * clients without a certificate hold 2 x max_sessions + 16 silent TCP connections from each of two
 * addresses, reopened as the server closes them; a mutual-TLS client is still served within 5 s,
 * five times out of five.
 */
@Timeout(120)
class RacsAdmissionIT {
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
        assumeTrue(LockoutAttack.possible(), "127.0.0.2 and 127.0.0.3 are not usable loopback addresses here");
        RacsTlsFiles tls = new RacsTlsFiles(dir);
        tls.client("alice");
        RacsTestGrid.testCard(dir, "se1");
        Path config = dir.resolve("racs.toml");
        Files.writeString(config, """
                listen = "127.0.0.1:0"
                %s
                [users]
                alice = ["se1"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                """.formatted(RacsTestGrid.tlsSection()));
        server = new RacsServer(RacsServerConfig.load(config)).start();
        int timeout = (int) LockoutAttack.SERVED_WITHIN_MILLIS;
        try (LockoutAttack attack = LockoutAttack.start(server.port(), 2 * RacsServerConfig.Limits.DEFAULT.maxSessions() + 16)) {
            attack.servedEveryTime(attempt -> {
                try (SSLSocket s = (SSLSocket) tls.clientContext("alice").getSocketFactory().createSocket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), timeout);
                    s.setSoTimeout(timeout);
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write("BEGIN\r\nGET-VERSION\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).as("attempt %d", attempt).isEqualTo("BEGIN");
                    assertThat(in.readLine()).as("attempt %d", attempt).isEqualTo("+002 001 0.2");
                }
            });
        }
    }
}
