package org.secfunet.grid.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pre-authentication lock-out of issue 13 (item 3), for tests: silent floods ({@link SilentFlood})
 * from two loopback addresses other than the client's, together able to fill every pending slot,
 * and the client's check: served within {@link #SERVED_WITHIN_MILLIS}, five times out of five.
 */
public final class LockoutAttack implements AutoCloseable {
    public static final long SERVED_WITHIN_MILLIS = 5_000;
    static final List<String> SOURCES = List.of("127.0.0.2", "127.0.0.3");
    static final int ATTEMPTS = 5;

    /** One legitimate client's exchange; it throws or fails an assertion when not served. */
    @FunctionalInterface
    public interface Attempt {
        void run(int attempt) throws Exception;
    }

    private final List<SilentFlood> floods;

    private LockoutAttack(List<SilentFlood> floods) {
        this.floods = floods;
    }

    /** Whether this host routes the attackers' loopback addresses (Linux does: all of 127/8). */
    public static boolean possible() {
        for (String a : SOURCES) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(a, 0));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Starts {@code socketsPerSource} silent sockets from each source and waits until their reopening runs. */
    public static LockoutAttack start(int port, int socketsPerSource) throws Exception {
        List<SilentFlood> floods = new java.util.ArrayList<>();
        for (String a : SOURCES) {
            floods.add(new SilentFlood(InetAddress.getByName(a), port, socketsPerSource));
        }
        LockoutAttack attack = new LockoutAttack(floods);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (floods.stream().anyMatch(f -> f.opened() < socketsPerSource + 100) && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(floods.stream().mapToLong(SilentFlood::opened).sum()).as("the floods run and their extra connections are being refused")
                .isGreaterThan((long) SOURCES.size() * socketsPerSource);
        return attack;
    }

    /** Runs the client's attempt five times, each required to succeed within {@link #SERVED_WITHIN_MILLIS}, under the flood. */
    public void servedEveryTime(Attempt attempt) throws Exception {
        for (int i = 1; i <= ATTEMPTS; i++) {
            long start = System.nanoTime();
            attempt.run(i);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("attempt %d served in time", i).isLessThan(SERVED_WITHIN_MILLIS);
        }
        assertThat(floods.stream().mapToLong(SilentFlood::held).sum()).as("the attackers still hold connections").isPositive();
    }

    @Override
    public void close() throws InterruptedException {
        for (SilentFlood f : floods) {
            f.close();
        }
    }
}
