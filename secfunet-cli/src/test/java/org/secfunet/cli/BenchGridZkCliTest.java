package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench grid-zk} run tiny (one handshake per card, one round) with its ZooKeeper server in
 * the JVM: every row is there for both the grid on ZooKeeper and the static baseline, with the
 * comparison and coordination lines; bad options are one-line errors. Speed is never asserted.
 */
class BenchGridZkCliTest {
    private static final Pattern ROW = Pattern.compile("cards \\d  clients +\\d+  done +\\d+  busy +\\d+ +[\\d.]+ hs/s  p50 +[\\d.]+ ms  p99 +[\\d.]+ ms");

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void tinyRunPrintsEveryRowForZooKeeperAndStatic() {
        Cli c = Cli.run("bench", "grid-zk", "-n", "1", "--rounds", "1");
        assertThat(c.exit()).as(c.err()).isZero();
        List<String> lines = c.out().lines().toList();
        assertThat(lines.get(0)).startsWith("java ").contains("cores");
        assertThat(lines.get(1)).contains("ZooKeeper in this JVM").contains("2 RACS servers x 4 cards");
        for (String what : List.of("static TOML, 1 hypervisor, 1 client", "ZooKeeper, 2 hypervisors, 1 client", "static, card_keep_ms 0, 1 client",
                "ZooKeeper, card_keep_ms 0, 1 client", "static TOML, 1 hypervisor ", "ZooKeeper, 2 hypervisors ", "static, card_keep_ms 0 ",
                "ZooKeeper, card_keep_ms 0 ")) {
            assertThat(lines).as(what).anySatisfy(l -> {
                assertThat(l).startsWith(what);
                assertThat(ROW.matcher(l).find()).as(l).isTrue();
                assertThat(l).doesNotContain("failed");
            });
        }
        assertThat(lines.stream().filter(l -> l.startsWith("  coordination per handshake")))
                .hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("binding").contains("registry").contains("lock").contains("token").contains("release")
                        .contains("ZooKeeper requests per handshake"));
        assertThat(lines.stream().filter(l -> l.startsWith("ZooKeeper vs static, "))).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("throughput").contains("p50").contains("p99"));
        assertThat(lines.get(lines.size() - 1)).startsWith("coordination cost per handshake (added p50, 1 client): ")
                .containsPattern("goal <= 1 ms: (met|not met) with kept sessions \\(the default\\), (met|not met) with card_keep_ms 0$");
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        oneLine(Cli.run("bench", "grid-zk", "-n", "0"), 2, "handshakes per card must be 1..1000");
        oneLine(Cli.run("bench", "grid-zk", "--rounds", "0"), 2, "rounds must be 1..50");
        oneLine(Cli.run("bench", "grid-zk", "--zookeeper", dir.resolve("none.toml").toString()), 2, "no such file");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[zookeeper]\nconnect = \"127.0.0.1:1\"\nuser = \"grid\"\npassword = \"pass:x\"\nsession_timeout_ms = 10\n");
        oneLine(Cli.run("bench", "grid-zk", "--zookeeper", bad.toString()), 2, "zookeeper.session_timeout_ms = 10 is outside 1000..600000");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nobody listens there
        }
        Path away = dir.resolve("away.toml");
        Files.writeString(away, "[zookeeper]\nconnect = \"127.0.0.1:" + port + "\"\nuser = \"grid\"\npassword = \"pass:x\"\nconnection_timeout_ms = 300\n"
                + "retry_count = 0\n");
        oneLine(Cli.run("bench", "grid-zk", "--zookeeper", away.toString()), 1, "cannot reach ZooKeeper at 127.0.0.1:" + port);
    }

    private static void oneLine(Cli c, int exit, String contains) {
        assertThat(c.exit()).as(c.err()).isEqualTo(exit);
        assertThat(c.err().strip()).doesNotContain("\n").startsWith("secfunet bench grid-zk: ").contains(contains);
    }
}
