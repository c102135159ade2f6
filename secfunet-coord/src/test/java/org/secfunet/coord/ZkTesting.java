package org.secfunet.coord;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.secfunet.service.SecretSpec;

/**
 * A 3-server ZooKeeper ensemble in the test JVM with short ticks, and coordinators on it; the grid's
 * credentials and coordinator settings for any test ZooKeeper (also used by grid and cli tests).
 */
public final class ZkTesting implements AutoCloseable {
    /** The grid's ZooKeeper user. */
    public static final String USER = "grid";
    /** The grid's ZooKeeper password. */
    public static final String PASSWORD = "s3cret-grid";
    /** Session timeout of the coordinators (the ensemble's tick is 250 ms, so 1-5 s are allowed). */
    public static final int SESSION_MS = 3_000;

    /** The ensemble. */
    public final TestingCluster cluster;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Starts the ensemble. */
    public ZkTesting() throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            specs.add(new InstanceSpec(null, InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(),
                    true, id, 250, 100, Map.of("4lw.commands.whitelist", "srvr"), "127.0.0.1"));
        }
        cluster = new TestingCluster(specs);
        cluster.start();
    }

    CoordSettings settings(String password) {
        return settings(cluster.getConnectString(), password);
    }

    /** Coordinator settings for the grid's user with {@code password} on the ZooKeeper at {@code connect}. */
    public static CoordSettings settings(String connect, String password) {
        return new CoordSettings(connect, "/secfunet", USER, new SecretSpec("pass:" + password, Path.of(".")), SESSION_MS, 2_000, 50, 500, 10);
    }

    /** A started coordinator with the grid's credentials, closed with this. */
    public GridCoordinator coordinator(Clock clock) {
        GridCoordinator c = new GridCoordinator(settings(PASSWORD), clock);
        c.start();
        opened.add(c);
        return c;
    }

    /** A started coordinator with the grid's credentials and the system clock, closed with this. */
    public GridCoordinator coordinator() {
        return coordinator(Clock.systemUTC());
    }

    /** A raw Curator client, authenticated with {@code userPass} (null: not at all). */
    CuratorFramework raw(String userPass) throws InterruptedException {
        CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder().connectString(cluster.getConnectString())
                .sessionTimeoutMs(SESSION_MS).connectionTimeoutMs(2_000).retryPolicy(new RetryNTimes(2, 100));
        if (userPass != null) {
            b.authorization("digest", userPass.getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework c = b.build();
        c.start();
        opened.add(c);
        if (!c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("raw client did not connect");
        }
        return c;
    }

    /** The server now leading the ensemble, asked with the {@code srvr} four-letter word. */
    public InstanceSpec leader() throws Exception {
        for (InstanceSpec s : cluster.getInstances()) {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", s.getPort()), 1_000);
                sock.setSoTimeout(2_000);
                OutputStream out = sock.getOutputStream();
                out.write("srvr".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = sock.getInputStream();
                String answer = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
                if (answer.contains("Mode: leader")) {
                    return s;
                }
            } catch (java.io.IOException e) {
                // down or not answering: not the leader
            }
        }
        return null;
    }

    /** Waits at most {@code max} for {@code condition}. */
    public static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** {@code condition}, with exceptions counted as false. */
    public static BooleanSupplier quietly(BooleanSupplier condition) {
        return () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    @Override
    public void close() throws java.io.IOException {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        cluster.close();
    }
}
