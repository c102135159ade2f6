package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.secfunet.service.SecretSpec;

/**
 * A coordinator keeps the operator's connect string: Curator's ensemble tracker, on by default,
 * would replace it with the servers' own addresses from {@code /zookeeper/config} (clients that
 * reach the ensemble through NAT, a proxy or a tunnel would then lose it at the next reconnect).
 */
@Timeout(60)
class ConnectStringIT {
    @Test
    void theConfiguredConnectStringStaysTheOneInUse() throws Exception {
        try (ZkTesting zk = new ZkTesting()) {
            List<String> hosts = new ArrayList<>();
            for (InstanceSpec s : zk.cluster.getInstances()) {
                hosts.add("localhost:" + s.getPort()); // the ensemble's config names them 127.0.0.1
            }
            String configured = String.join(",", hosts);
            try (GridCoordinator c = new GridCoordinator(new CoordSettings(configured, "/secfunet", ZkTesting.USER,
                    new SecretSpec("pass:" + ZkTesting.PASSWORD, Path.of(".")), ZkTesting.SESSION_MS, 2_000, 50, 500, 10),
                    Clock.systemUTC())) {
                c.start();
                long end = System.nanoTime() + 2_000_000_000L; // the tracker reads the config just after connecting
                while (System.nanoTime() < end) {
                    assertThat(c.registry().servers()).isEmpty();
                    assertThat(c.client().getZookeeperClient().getCurrentConnectionString()).isEqualTo(configured);
                    Thread.sleep(100);
                }
            }
        }
    }
}
