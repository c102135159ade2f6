package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.SeLocks;
import org.secfunet.coord.ZkTesting;
import org.secfunet.grid.racs.RacsServer;
import org.secfunet.grid.racs.RacsServerConfig;
import org.secfunet.grid.racs.client.RacsAddress;
import org.secfunet.grid.racs.client.RacsCardSession;

/**
 * The grid's facts as Prometheus metrics on every instance, end to end: a ZooKeeper server
 * (curator-test), a RACS server with two software cards in {@code [zookeeper]} mode and an
 * s_hypervisor in ZooKeeper mode, both with a token-protected metrics endpoint scraped over HTTP.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GridMetricsEndpointIT {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static TestingServer zk;
    static GridPki pki;
    static RacsServer racs;
    static Hypervisor hv;
    static GridCoordinator operator;
    static final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void grid() throws Exception {
        zk = new TestingServer(true);
        pki = GridZkFixture.gridPki(dir);
        GridZkFixture.cards(dir, "1234", List.of("se1", "se2"));
        operator = new GridCoordinator(ZkTesting.settings(zk.getConnectString(), ZkTesting.PASSWORD), Clock.systemUTC());
        operator.start();
        opened.add(operator);
        operator.bindings().bind("vm-1", List.of("se1"), Set.of(), Set.of());
        Files.writeString(dir.resolve("racs.toml"), """
                listen = "127.0.0.1:0"
                name = "racs-a"
                metrics = "127.0.0.1:0"
                metrics_token = "pass:racs-scrape"
                """ + GridZkFixture.racsTlsAndUsers("hypervisor-racs") + """
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                [[se]]
                seid = "se2"
                reader = "vcard:se2.sfn"
                """ + GridZkFixture.zookeeperTable(zk.getConnectString()));
        racs = new RacsServer(RacsServerConfig.load(dir.resolve("racs.toml"))).start();
        opened.add(racs);
        Files.writeString(dir.resolve("hv.toml"), GridZkFixture.hypervisorToml("hv-1", """
                metrics = "127.0.0.1:0"
                metrics_token = "pass:hv-scrape"
                """, zk.getConnectString()) + """
                [[card]]
                id = "se1"
                pin = "pass:1234"
                """);
        hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start();
        opened.add(hv);
    }

    @AfterAll
    static void down() throws Exception {
        GridZkFixture.closeAll(opened);
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void theGridsFactsOnBothInstancesFollowTheGrid() throws Exception {
        for (Endpoint e : endpoints()) {
            awaitValue(e, "secfunet_grid_zookeeper_health{state=\"connected\"}", 1);
            awaitValue(e, "secfunet_grid_servers", 1);
            awaitValue(e, "secfunet_grid_ses{health=\"ok\"}", 2);
            awaitValue(e, "secfunet_grid_ses{health=\"failed\"}", 0);
            awaitValue(e, "secfunet_grid_bindings", 1);
            awaitValue(e, "secfunet_grid_bound_ses", 1);
            awaitValue(e, "secfunet_grid_ses_locked", 0);
        }
        assertThat(value(scrape(endpoints().get(0)), "secfunet_racs_ses")).isEqualTo(2);

        assertThat(hv.gridBindings()).as("the ready line's count").isEqualTo(1);
        operator.bindings().bind("vm-2", List.of("se2"), Set.of(), Set.of());
        assertThat(hv.gridBindings()).as("the ready line's count after a bind").isEqualTo(2);
        Optional<SeLocks.Held> held = operator.locks().acquire("se2", "metrics-test", Duration.ofSeconds(5));
        assertThat(held).as("the test holds se2's lock").isPresent();
        try {
            for (Endpoint e : endpoints()) {
                awaitValue(e, "secfunet_grid_bindings", 2);
                awaitValue(e, "secfunet_grid_bound_ses", 2);
                awaitValue(e, "secfunet_grid_ses_locked", 1);
            }
        } finally {
            held.get().close();
        }
        for (Endpoint e : endpoints()) {
            awaitValue(e, "secfunet_grid_ses_locked", 0);
        }
    }

    @Test
    void theRacsServerCountsAnOpenSession() throws Exception {
        Endpoint r = endpoints().get(0);
        awaitValue(r, "secfunet_racs_sessions", 0);
        try (RacsCardSession s = RacsCardSession.open(new RacsAddress("127.0.0.1", racs.port(), "se1"), pki.client("hypervisor-racs"))) {
            assertThat(s).isNotNull();
            awaitValue(r, "secfunet_racs_sessions", 1);
        }
        awaitValue(r, "secfunet_racs_sessions", 0);
    }

    @Test
    void aScrapeWithoutTheTokenIsRefused() throws Exception {
        for (Endpoint e : endpoints()) {
            assertThat(status(e, null)).as("no token: " + e.uri()).isEqualTo(401);
            assertThat(status(e, "Bearer wrong")).as("a wrong token: " + e.uri()).isEqualTo(401);
            assertThat(status(e, "Bearer " + e.token())).as("the token: " + e.uri()).isEqualTo(200);
        }
    }

    record Endpoint(URI uri, String token) {
    }

    static List<Endpoint> endpoints() {
        return List.of(new Endpoint(URI.create("http://127.0.0.1:" + racs.metricsPort() + "/metrics"), "racs-scrape"),
                new Endpoint(URI.create("http://127.0.0.1:" + hv.metricsPort() + "/metrics"), "hv-scrape"));
    }

    static int status(Endpoint e, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(e.uri()).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String scrape(Endpoint e) throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(e.uri()).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + e.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("scrape of " + e.uri()).isEqualTo(200);
        return r.body();
    }

    /** The value of the sample {@code name} (with its labels, if any) in a Prometheus text page; NaN when absent. */
    static double value(String page, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Scrapes {@code e} until {@code name} is {@code expected} (bounded by {@link #WAIT}; the gauges refresh every 2 s). */
    static void awaitValue(Endpoint e, String name, double expected) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        String page = scrape(e);
        while (value(page, name) != expected) {
            if (System.nanoTime() > end) {
                throw new AssertionError(e.uri() + ": " + name + " not " + expected + " within " + WAIT.toSeconds()
                        + " s; last scrape:\n" + page);
            }
            Thread.sleep(200);
            page = scrape(e);
        }
    }
}
