package org.secfunet.grid.racs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.secfunet.coord.CoordinationUnavailableException;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.GridMetrics;
import org.secfunet.coord.Health;

/**
 * What a RACS server shows on its metrics endpoint, in Prometheus text format: its sessions and
 * SEs, and with {@code [zookeeper]} the grid's facts ({@link GridMetrics}, {@code secfunet_grid_*})
 * as its own coordinator sees them ({@code lost} and NaN counts while ZooKeeper was not reached yet).
 */
final class RacsMetrics {
    /** The grid's gauges read ZooKeeper at most this often, however often /metrics is scraped. */
    static final Duration GRID_MIN_INTERVAL = Duration.ofSeconds(2);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    RacsMetrics(RacsServer server, GridPresence grid) {
        Gauge.builder("secfunet_racs_sessions", server, RacsServer::activeSessions).description("Authenticated RACS sessions open now")
                .register(registry);
        Gauge.builder("secfunet_racs_ses", server, s -> s.config().secureElements().size()).description("SEs this server is configured with")
                .register(registry);
        if (grid != null) {
            new GridMetrics(() -> {
                GridCoordinator c = grid.coordinator();
                return c == null ? Health.LOST : c.health();
            }, () -> {
                GridCoordinator c = grid.coordinator();
                if (c == null) {
                    throw new CoordinationUnavailableException("ZooKeeper not reached yet");
                }
                return c.snapshot();
            }, Clock.systemUTC(), GRID_MIN_INTERVAL, GridMetrics.DEFAULT_MAX_WAIT).bindTo(registry);
        }
    }

    String scrape() {
        return registry.scrape();
    }
}
