package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The RACS server driven by real {@code openssl s_client} processes, two software test cards behind it. */
@Timeout(120)
class RacsServerIT {
    private static final String SELECT = "APDU se1 00A404000AF053454346554E455401";

    @TempDir
    Path dir;
    RacsTlsFiles tls;
    RacsServer server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"), "openssl is not installed");
        tls = new RacsTlsFiles(dir);
        tls.client("alice");
        tls.client("bob");
        server = RacsTestGrid.startServer(dir, RacsTestGrid.serverToml("""
                [users]
                alice = ["se1", "se2"]
                bob = ["se2"]
                """ + RacsTestGrid.testSes(dir, "se1", "se2")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private OpensslClient client(String cn) throws Exception {
        return OpensslClient.connect(server.port(), dir.resolve(cn + ".pem"), dir.resolve(cn + ".key"), dir.resolve("ca.pem"));
    }

    @Test
    void draftRepliesToVersionListPowerOnAndSelect() throws Exception {
        try (OpensslClient c = client("alice")) {
            List<String> r = c.run("GET-VERSION APPEND", "LIST APPEND", "POWERON se1 APPEND", SELECT);
            assertThat(r).hasSize(6);
            assertThat(r.get(0)).isEqualTo("BEGIN");
            assertThat(r.get(1)).isEqualTo("+002 001 0.2");
            assertThat(r.get(2)).isEqualTo("+004 002 se1 se2");
            assertThat(r.get(3)).matches("\\+008 003 [0-9A-F]+");
            assertThat(r.get(4)).isEqualTo("+006 004 9000");
            assertThat(r.get(5)).isEqualTo("END");
            assertThat(c.run("APDU se1 00020100 MORE=61 CONTINUE=9000")).element(1).asString()
                    .startsWith("+006 001 000102030405").endsWith("FEFF9000");
        }
    }

    @Test
    void withoutAClientCertificateThereIsNoRacsReply() throws Exception {
        try (OpensslClient c = OpensslClient.connect(server.port(), null, null, dir.resolve("ca.pem"))) {
            c.send("BEGIN", "GET-VERSION", "END");
            List<String> out = c.drain(5_000);
            assertThat(out).noneMatch(l -> l.startsWith("BEGIN") || l.startsWith("+") || l.startsWith("-"));
            assertThat(c.process.waitFor(10, TimeUnit.SECONDS)).as("s_client ends when the server refuses it").isTrue();
        }
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void aClientNotAllowedForASeidIsUnauthorised() throws Exception {
        try (OpensslClient c = client("bob")) {
            assertThat(c.run("LIST")).containsExactly("BEGIN", "+004 001 se2", "END");
            assertThat(c.run(SELECT)).containsExactly("BEGIN", "-606 001 not authorised for SEID se1", "END");
            assertThat(c.run("POWERON se1")).containsExactly("BEGIN", "-608 001 not authorised for SEID se1", "END");
        }
    }

    @Test
    void twoSessionsRaceForOneCardAndShutdownHandsItOver() throws Exception {
        try (OpensslClient a = client("alice"); OpensslClient b = client("alice")) {
            // both sessions must be up before the race
            assertThat(a.run("ECHO a")).contains("+009 001 a");
            assertThat(b.run("ECHO b")).contains("+009 001 b");
            a.send("BEGIN", "POWERON se1", "END");
            b.send("BEGIN", "POWERON se1", "END");
            String ra = a.response(15_000).get(1);
            String rb = b.response(15_000).get(1);
            assertThat(List.of(ra, rb)).anyMatch(s -> s.startsWith("+008 001")).anyMatch(s -> s.equals("-708 001 SE in use by another session"));
            OpensslClient holder = ra.startsWith("+008") ? a : b;
            OpensslClient other = holder == a ? b : a;
            assertThat(other.run(SELECT)).containsExactly("BEGIN", "-706 001 SE in use by another session", "END");
            assertThat(holder.run(SELECT)).containsExactly("BEGIN", "+006 001 9000", "END");
            assertThat(holder.run("SHUTDOWN se1")).containsExactly("BEGIN", "+007 001", "END");
            assertThat(other.run(SELECT)).containsExactly("BEGIN", "+006 001 9000", "END");
            assertThat(holder.run("POWERON se1")).containsExactly("BEGIN", "-708 001 SE in use by another session", "END");
        }
    }

    @Test
    void aSessionThatDiesReleasesItsCard() throws Exception {
        try (OpensslClient a = client("alice"); OpensslClient b = client("alice")) {
            assertThat(a.run(SELECT)).contains("+006 001 9000");
            assertThat(b.run(SELECT)).contains("-706 001 SE in use by another session");
            a.process.destroyForcibly();
            assertThat(a.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String last = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                last = b.run(SELECT).get(1);
                if (last.startsWith("+006")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(last).isEqualTo("+006 001 9000");
        }
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
