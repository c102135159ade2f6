package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.grid.racs.client.RacsAddress;
import org.secfunet.grid.racs.client.RacsCardSession;
import org.secfunet.grid.racs.client.RacsConnections;
import org.secfunet.grid.racs.client.RacsReaderProvider;
import org.secfunet.grid.racs.client.StaleFencingTokenException;

/**
 * Fencing end to end: the real RACS server over mutual TLS with a software test card, two lock
 * holders (hypervisors hv-1 and hv-2, each with its own connection pool) racing for one SE with
 * tokens where hv-2's is always the newer.
 */
@Timeout(120)
class RacsFencingServerTest {
    private static final String SELECT = RacsTestGrid.SELECT_TEST;
    /** SELECT by a partial AID (the first 9 bytes): the same applet, but the card's log tells hv-2's from hv-1's. */
    private static final String SELECT_PARTIAL = "00A4040009" + RacsTestGrid.TEST_AID.substring(0, 18);

    /** ECHOs the newer holder sends. */
    private static final int ECHOES = 20;
    /** The older holder sends ECHOs until it is fenced, at most this many. */
    private static final int MAX_OLDER_ECHOES = 20_000;

    @TempDir
    Path dir;
    RacsServer server;
    RecordingConnector card;
    SSLContext hv1;
    SSLContext hv2;
    RacsConnections pool1;
    RacsConnections pool2;
    RacsAddress se1;

    @BeforeEach
    void start() throws Exception {
        RacsTlsFiles tls = new RacsTlsFiles(dir);
        tls.client("hv-1");
        tls.client("hv-2");
        hv1 = tls.clientContext("hv-1");
        hv2 = tls.clientContext("hv-2");
        Path config = dir.resolve("racs.toml");
        Files.writeString(config, RacsTestGrid.serverToml("""
                [users]
                "hv-1" = ["se1"]
                "hv-2" = ["se1"]
                """ + RacsTestGrid.testSes(dir, "se1")));
        card = new RecordingConnector();
        server = new RacsServer(RacsServerConfig.load(config), card).start();
        se1 = new RacsAddress("127.0.0.1", server.port(), "se1");
        pool1 = new RacsConnections(2, 60_000, System::nanoTime);
        pool2 = new RacsConnections(2, 60_000, System::nanoTime);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {pool1, pool2, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the next one still closes
            }
        }
    }

    private static String send(RacsCardSession s, String hex) {
        return Hex.encode(s.transport().transmit(Hex.decode(hex)));
    }

    /** The test applet's ECHO of one byte: marks on the card which holder sent it. */
    private static String echo(int tag) {
        return String.format("0001000001%02X00", tag);
    }

    @Test
    void theNewerHolderTakesTheCardAndTheOlderOneNeverReachesItAgain() throws Exception {
        RacsCardSession old = RacsCardSession.open(se1, hv1, pool1, 1);
        assertThat(send(old, SELECT)).isEqualTo("9000");
        assertThat(send(old, RacsFencingTest.VERIFY)).isEqualTo("9000");
        assertThat(send(old, RacsFencingTest.COUNTER)).isEqualTo("000000019000");
        int preemption = card.count();
        try (RacsCardSession newer = RacsCardSession.open(se1, hv2, pool2, 2)) {
            assertThat(newer.fencingToken()).isEqualTo(2);
            assertThat(send(newer, SELECT)).isEqualTo("9000");
            assertThat(send(newer, RacsFencingTest.COUNTER)).as("the PIN hv-1 verified is gone").isEqualTo("6982");
            assertThatThrownBy(() -> send(old, echo(0x11))).isInstanceOfSatisfying(StaleFencingTokenException.class, e -> {
                assertThat(e.seid()).isEqualTo("se1");
                assertThat(e.token()).isEqualTo(1);
                assertThat(e.newest()).isEqualTo(2);
            }).hasMessageStartingWith("the grid lock for SE se1 was taken over by a newer holder (fencing token 1 < 2) (RACS -606 001 stale fencing token");
            assertThatThrownBy(() -> send(old, echo(0x11))).as("refused again, without asking the server").isInstanceOf(StaleFencingTokenException.class);
            old.close();
            assertThat(pool1.idle()).as("a fenced connection is never given back").isZero();
            assertThat(send(newer, echo(0x22))).isEqualTo("229000");
            assertThat(card.since(preemption)).containsExactly("OFF", "ON", SELECT, RacsFencingTest.COUNTER, echo(0x22));
        }
        assertThat(pool2.idle()).as("the holder's connection is kept after SHUTDOWN").isEqualTo(1);
        assertThatThrownBy(() -> RacsCardSession.open(se1, hv1, pool1, 1)).isInstanceOf(StaleFencingTokenException.class)
                .hasMessageContaining("fencing token 1 < 2").hasMessageContaining("-608 001");
        assertThat(pool1.idle()).isZero();
        try (RacsCardSession again = RacsCardSession.open(se1, hv2, pool2, 2)) {
            assertThat(pool2.idle()).as("the same holder reuses its kept connection").isZero();
            assertThat(send(again, SELECT)).isEqualTo("9000");
        }
        try (RacsCardSession tokenless = RacsCardSession.open(se1, hv1, null)) {
            assertThat(send(tokenless, SELECT)).as("by default a free SE takes token-less sessions").isEqualTo("9000");
        }
        try (RacsReaderProvider provider = new RacsReaderProvider(hv1)) {
            assertThatThrownBy(() -> provider.openFenced(se1, 1)).isInstanceOf(StaleFencingTokenException.class);
            try (RacsCardSession s = provider.openFenced(se1, 3)) {
                assertThat(send(s, SELECT)).isEqualTo("9000");
            }
        }
    }

    @Test
    void aRestartedServerTakesTheFirstTokenItSeesAsTheNewFloor() throws Exception {
        try (RacsCardSession s = RacsCardSession.open(se1, hv2, null, 9)) {
            assertThat(send(s, SELECT)).isEqualTo("9000");
        }
        assertThatThrownBy(() -> RacsCardSession.open(se1, hv1, null, 8)).isInstanceOf(StaleFencingTokenException.class);
        RacsServerConfig config = RacsServerConfig.load(dir.resolve("racs.toml"));
        server.close();
        server = new RacsServer(config, card).start();
        se1 = new RacsAddress("127.0.0.1", server.port(), "se1");
        RacsCardSession stale = RacsCardSession.open(se1, hv1, null, 8);
        assertThat(send(stale, SELECT)).as("the floor was in memory: 8 is accepted after the restart").isEqualTo("9000");
        try (RacsCardSession current = RacsCardSession.open(se1, hv2, null, 9)) {
            assertThat(send(current, SELECT)).as("the current holder's token takes the SE back at once").isEqualTo("9000");
            assertThatThrownBy(() -> send(stale, SELECT)).isInstanceOf(StaleFencingTokenException.class).hasMessageContaining("8 < 9");
        } finally {
            stale.close();
        }
    }

    @Test
    void twoHoldersRaceAndTheCardOnlySeesTheNewerOneAfterThePreemption() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) { // the common pool may run one task at a time
            race(threads);
        }
    }

    /**
     * Six rounds, new tokens each (hv-1 2r-1, hv-2 2r). In odd rounds hv-2 starts once hv-1 has
     * sent 3 ECHOs, so hv-2 takes the SE over in the middle of hv-1's work; in even rounds both
     * start at once (hv-2, with a kept connection, mostly wins and hv-1's power-on is refused).
     * hv-1 works until it is fenced, so it never gives its connection back.
     */
    private void race(ExecutorService threads) throws Exception {
        int preempted = 0;
        for (int round = 1; round <= 6; round++) {
            long older = 2L * round - 1;
            long newer = 2L * round;
            int start = card.count();
            CyclicBarrier go = new CyclicBarrier(2);
            CountDownLatch hv1Working = new CountDownLatch(round % 2 == 1 ? 1 : 0);
            CompletableFuture<Integer> hv1Sent = CompletableFuture.supplyAsync(() -> holder(go, null, hv1Working, hv1, pool1, older, 0x11), threads);
            CompletableFuture<Integer> hv2Sent = CompletableFuture.supplyAsync(() -> holder(go, hv1Working, null, hv2, pool2, newer, 0x22), threads);
            assertThat(hv2Sent.get(60, TimeUnit.SECONDS)).as("the newer holder is never refused").isEqualTo(ECHOES);
            int hv1Echoes = hv1Sent.get(60, TimeUnit.SECONDS);
            assertThat(hv1Echoes).as("round %d: the older holder is cut off", round).isLessThan(MAX_OLDER_ECHOES);
            List<String> seen = card.since(start);
            int lastOn = seen.lastIndexOf("ON");
            List<String> before = seen.subList(0, lastOn);
            List<String> after = seen.subList(lastOn + 1, seen.size());
            assertThat(before).as("round %d: before hv-2's power-on, only hv-1's commands and power changes", round)
                    .allMatch(e -> e.equals("ON") || e.equals("OFF") || e.equals(SELECT) || e.equals(RacsFencingTest.VERIFY) || e.equals(echo(0x11)))
                    .filteredOn(e -> e.equals(echo(0x11))).hasSize(hv1Echoes);
            assertThat(after).as("round %d: after it, hv-2's only", round)
                    .allMatch(e -> e.equals("OFF") || e.equals(SELECT_PARTIAL) || e.equals(RacsFencingTest.COUNTER) || e.equals(echo(0x22)))
                    .filteredOn(e -> e.equals(echo(0x22))).hasSize(ECHOES);
            if (hv1Echoes > 0) {
                preempted++;
            }
            assertThat(pool1.idle()).as("round %d: hv-1's fenced or refused connection was closed", round).isZero();
            assertThat(pool2.idle()).isEqualTo(1);
        }
        assertThat(preempted).as("rounds where hv-2 took the SE from hv-1 in the middle of its work").isGreaterThanOrEqualTo(3);
    }

    /**
     * Opens se1 with {@code token} (after {@code waitFor}, if any), selects, then: the older holder
     * verifies the PIN and sends tagged ECHOs until it is fenced ({@code working} counted down after
     * the third); the newer one tries COUNTER, which that PIN must not unlock, then sends
     * {@link #ECHOES} tagged ECHOs. How many ECHOs went through before the session ended or was
     * fenced, 0 if its power-on was refused.
     */
    private int holder(CyclicBarrier go, CountDownLatch waitFor, CountDownLatch working, SSLContext ctx, RacsConnections pool, long token, int tag) {
        try {
            go.await(30, TimeUnit.SECONDS);
            if (waitFor != null && !waitFor.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("hv-1 did not start its work");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int sent = 0;
        try (RacsCardSession s = RacsCardSession.open(se1, ctx, pool, token)) {
            assertThat(send(s, tag == 0x22 ? SELECT_PARTIAL : SELECT)).isEqualTo("9000");
            if (tag == 0x22) {
                assertThat(send(s, RacsFencingTest.COUNTER)).isEqualTo("6982");
            } else {
                assertThat(send(s, RacsFencingTest.VERIFY)).isEqualTo("9000");
            }
            for (int i = 0; i < (tag == 0x22 ? ECHOES : MAX_OLDER_ECHOES); i++) {
                assertThat(send(s, echo(tag))).isEqualTo(String.format("%02X9000", tag));
                sent++;
                if (sent == 3 && working != null) {
                    working.countDown();
                }
            }
        } catch (StaleFencingTokenException fenced) {
            assertThat(tag).as("only the older holder is fenced").isEqualTo(0x11);
        }
        return sent;
    }
}
