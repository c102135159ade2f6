package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridAdmin;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.Health;
import org.secfunet.coord.SeHealth;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.SeLocks;
import org.secfunet.coord.ServerInfo;

/** {@code secfunet grid …} against a real ZooKeeper server in the test JVM, with the grid's digest credentials. */
class GridZkCliTest {
    private static final String PASSWORD = "s3cret-grid";
    private static final String FINGERPRINT = "ab".repeat(32);
    private static TestingServer zk;

    @TempDir
    Path dir;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
    }

    /** A settings file for {@code connect} with {@code password}, under the test's own root {@code root}. */
    private Path settings(String connect, String root, String password) throws Exception {
        Path f = dir.resolve("zk-" + Math.abs((root + password + connect).hashCode()) + ".toml");
        Files.writeString(f, """
                # keys of other tables and the top level are ignored
                listen = "127.0.0.1:8443"
                [zookeeper]
                connect = "%s"
                root = "%s"
                user = "grid"
                password = "pass:%s"
                session_timeout_ms = 4000
                connection_timeout_ms = 1500
                retry_base_ms = 50
                retry_max_ms = 200
                retry_count = 2
                """.formatted(connect, root, password));
        return f;
    }

    private Path settings(String root) throws Exception {
        return settings(zk.getConnectString(), root, PASSWORD);
    }

    /** A coordinator registering a RACS server with SEs (as a RACS server will). */
    private static GridCoordinator racsServer(Path settingsFile, String name, String... seids) {
        CoordSettings s = GridAdmin.settings(settingsFile);
        GridCoordinator c = new GridCoordinator(s, Clock.systemUTC());
        c.start();
        c.registry().registerServer(new ServerInfo(name, "127.0.0.1:7777", FINGERPRINT));
        for (String id : seids) {
            c.registry().registerSe(new SeInfo(id, name, "vcard", "3B00", List.of("F053454346"), SeHealth.OK));
        }
        return c;
    }

    /** Exit {@code exit} and one line (a bad command line may add picocli's "Try ... --help" line). */
    private static void oneLine(Cli c, int exit, String command, String says) {
        assertThat(c.exit()).as(c.err()).isEqualTo(exit);
        List<String> lines = c.err().lines().toList();
        assertThat(lines).as(c.err()).hasSizeBetween(1, exit == 2 ? 2 : 1);
        if (lines.size() == 2) {
            assertThat(lines.get(1)).isEqualTo("Try 'secfunet grid " + command + " --help'.");
        }
        assertThat(lines.get(0)).startsWith("secfunet grid " + command + ": ").contains(says);
        assertThat(c.out()).isEmpty();
    }

    @Test
    void bindStatusUnbindRoundTrip() throws Exception {
        Path f = settings("/rt");
        try (GridCoordinator racs = racsServer(f, "racs-a", "se1", "se2", "se3")) {
            racs.registry().updateHealth("se3", SeHealth.failed("card removed"));
            Cli bind = Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "vm-a", "--se", "se1,se2", "--modes", "tunnel",
                    "--targets", "server.example:443");
            assertThat(bind.exit()).as(bind.err()).isZero();
            assertThat(bind.out().strip()).isEqualTo("bound vm vm-a to se1,se2 (modes tunnel, targets server.example:443)");

            SeLocks locks = racs.locks();
            Optional<SeLocks.Held> held = locks.acquire("se1", "hv-1", Duration.ofSeconds(5));
            assertThat(held).isPresent();
            try (SeLocks.Held h = held.get()) {
                assertThat(h.valid()).isTrue();
                Cli st = Cli.run("grid", "status", "--zookeeper", f.toString());
                assertThat(st.exit()).as(st.err()).isZero();
                List<String> lines = st.out().lines().toList();
                assertThat(lines.get(0)).startsWith("ZooKeeper " + zk.getConnectString() + " root /rt: CONNECTED at ");
                assertThat(lines.subList(1, lines.size())).containsExactly(
                        "",
                        "RACS servers: 1",
                        "NAME    ENDPOINT        CERT SHA-256",
                        "racs-a  127.0.0.1:7777  " + FINGERPRINT,
                        "",
                        "SEs: 3 (2 ok, 1 locked)",
                        "SEID  SERVER  KIND   VM    LOCKED BY  HEALTH",
                        "se1   racs-a  vcard  vm-a  hv-1       ok",
                        "se2   racs-a  vcard  vm-a  -          ok",
                        "se3   racs-a  vcard  -     -          failed: card removed",
                        "",
                        "VMs: 1",
                        "VM    SES      MODES   TARGETS",
                        "vm-a  se1,se2  tunnel  server.example:443");
            }

            Cli unbind = Cli.run("grid", "unbind", "--zookeeper", f.toString(), "--vm", "vm-a");
            assertThat(unbind.exit()).as(unbind.err()).isZero();
            assertThat(unbind.out().strip()).isEqualTo("unbound vm vm-a");
            Cli again = Cli.run("grid", "unbind", "--zookeeper", f.toString(), "--vm", "vm-a");
            oneLine(again, 1, "unbind", "vm vm-a has no binding");
            Cli after = Cli.run("grid", "status", "--zookeeper", f.toString());
            assertThat(after.out()).contains("VMs: 0").contains("se1   racs-a  vcard  -   -          ok");
        }
    }

    @Test
    void importThenStatusJson() throws Exception {
        Path f = settings("/imp");
        Path hv = dir.resolve("hypervisor.toml");
        Files.writeString(hv, """
                listen = "127.0.0.1:0"
                [[card]]
                id = "c1"
                reader = "racs://127.0.0.1:7777/se1"
                pin = "pass:1234"
                [[card]]
                id = "c2"
                reader = "racs://127.0.0.1:7777/se2"
                [[vm]]
                name = "vm-a"
                cards = ["c1"]
                modes = ["handoff"]
                [[vm]]
                name = "vm-b"
                cards = ["c2"]
                targets = ["srv:443"]
                """);
        try (GridCoordinator racs = racsServer(f, "racs-a", "se1")) {
            assertThat(racs.health()).isEqualTo(Health.CONNECTED);
            Cli imp = Cli.run("grid", "import", "--zookeeper", f.toString(), hv.toString());
            assertThat(imp.exit()).as(imp.err()).isZero();
            assertThat(imp.out().lines().toList()).containsExactly("bound vm vm-a to se1", "bound vm vm-b to se2",
                    "imported 2 VM binding(s) from " + hv);
            Cli st = Cli.run("grid", "status", "--json", "--zookeeper", f.toString());
            assertThat(st.exit()).as(st.err()).isZero();
            JsonNode j = JsonMapper.builder().build().readTree(st.out());
            assertThat(j.at("/zookeeper/health").asText()).isEqualTo("CONNECTED");
            assertThat(j.at("/zookeeper/root").asText()).isEqualTo("/imp");
            assertThat(j.at("/servers/0/name").asText()).isEqualTo("racs-a");
            assertThat(j.at("/servers/0/cert_sha256").asText()).isEqualTo(FINGERPRINT);
            assertThat(j.get("ses")).hasSize(2);
            assertThat(j.at("/ses/0/seid").asText()).isEqualTo("se1");
            assertThat(j.at("/ses/0/server").asText()).isEqualTo("racs-a");
            assertThat(j.at("/ses/0/health").asText()).isEqualTo("ok");
            assertThat(j.at("/ses/0/bound_to").asText()).isEqualTo("vm-a");
            assertThat(j.at("/ses/0/lock_holder").isNull()).isTrue();
            assertThat(j.at("/ses/1/seid").asText()).isEqualTo("se2");
            assertThat(j.at("/ses/1/health").asText()).isEqualTo("unregistered");
            assertThat(j.at("/ses/1/server").isNull()).isTrue();
            assertThat(j.at("/vms/0/name").asText()).isEqualTo("vm-a");
            assertThat(j.at("/vms/0/modes").toString()).isEqualTo("[\"handoff\"]");
            assertThat(j.at("/vms/1/targets").toString()).isEqualTo("[\"srv:443\"]");
            assertThat(st.out()).doesNotContain("1234");
        }
    }

    @Test
    void anSeOfAnotherVmIsRefused() throws Exception {
        Path f = settings("/taken");
        Cli a = Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "vm-a", "--se", "se1");
        assertThat(a.exit()).as(a.err()).isZero();
        Cli b = Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "vm-b", "--se", "se2", "--se", "se1");
        oneLine(b, 1, "bind", "SE se1 is already bound to vm vm-a (a card serves one VM): unbind it there first");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[[card]]\nid = \"c1\"\nreader = \"vcard:x.sfn\"\n[[vm]]\nname = \"v\"\ncards = [\"c1\"]\n");
        oneLine(Cli.run("grid", "import", "--zookeeper", f.toString(), bad.toString()), 1, "import", "is not racs://HOST:PORT/SEID");
    }

    @Test
    void unreachableZooKeeperIsOneLineNamingTheConnectString() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path f = settings("127.0.0.1:" + port, "/secfunet", PASSWORD);
        Cli c = Cli.run("grid", "status", "--zookeeper", f.toString());
        oneLine(c, 1, "status", "cannot reach ZooKeeper at 127.0.0.1:" + port + " within 1500 ms: check zookeeper.connect");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Path good = settings("/pw");
        assertThat(Cli.run("grid", "status", "--zookeeper", good.toString()).exit()).isZero(); // makes the grid's znodes
        Path wrong = settings(zk.getConnectString(), "/pw", "not-the-password");
        Cli c = Cli.run("grid", "status", "--zookeeper", wrong.toString());
        oneLine(c, 1, "status", "wrong grid password");
        Cli b = Cli.run("grid", "bind", "--zookeeper", wrong.toString(), "--vm", "v", "--se", "s");
        oneLine(b, 1, "bind", "wrong grid password");
    }

    @Test
    void badOptionsAndFiles() throws Exception {
        Path f = settings("/opts");
        oneLine(Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "v"), 2, "bind", "Missing required option: '--se=SEID'");
        oneLine(Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "v", "--se", "s", "--modes", "fast"), 2, "bind",
                "unknown mode 'fast'");
        oneLine(Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "v", "--se", "s", "--targets", "nohost"), 2, "bind",
                "target");
        oneLine(Cli.run("grid", "bind", "--zookeeper", f.toString(), "--vm", "v", "--se", "a/b"), 2, "bind", "SEID 'a/b'");
        oneLine(Cli.run("grid", "status", "--zookeeper", f.toString(), "--jsn"), 2, "status", "--jsn");
        oneLine(Cli.run("grid", "unbind", "--zookeeper", f.toString()), 2, "unbind", "--vm");
        Cli group = Cli.run("grid");
        assertThat(group.exit()).isEqualTo(2);
        assertThat(group.err()).startsWith("secfunet grid: a subcommand is required").contains("  bind ").contains("  status ");
        oneLine(Cli.run("grid", "status", "--zookeeper", dir.resolve("none.toml").toString()), 1, "status", "does not exist");
        Path noTable = dir.resolve("plain.toml");
        Files.writeString(noTable, "listen = \"127.0.0.1:1\"\n");
        oneLine(Cli.run("grid", "status", "--zookeeper", noTable.toString()), 1, "status", "has no [zookeeper] table");
        Path typo = dir.resolve("typo.toml");
        Files.writeString(typo, "[zookeeper]\nconnect = \"127.0.0.1:1\"\nuser = \"grid\"\npassword = \"pass:x\"\nconect = 1\n");
        oneLine(Cli.run("grid", "status", "--zookeeper", typo.toString()), 1, "status", "zookeeper.conect: unknown key");
        Path env = dir.resolve("env.toml");
        Files.writeString(env, "[zookeeper]\nconnect = \"" + zk.getConnectString() + "\"\nuser = \"grid\"\npassword = \"env:SECFUNET_NO_SUCH_VARIABLE\"\n");
        oneLine(Cli.run("grid", "status", "--zookeeper", env.toString()), 1, "status", "SECFUNET_NO_SUCH_VARIABLE is not set");
    }
}
