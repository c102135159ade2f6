package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.demo.GridLab;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;

/**
 * Load on loopback, bounded in count and time: 200 VM connections from 8 VMs over 8 cards reached
 * through a RACS server. Every connection either completes a card-authenticated TLS exchange or gets
 * the clear "busy" answer; none hangs, and nothing else happens.
 */
class GridLoadIT {
    @TempDir
    Path dir;

    @Test
    void twoHundredVmConnectionsOverEightCardsAllCompleteOrAreToldBusy() throws Exception {
        try (GridLab lab = GridLab.start(dir, new GridLab.Shape(8, 8, true, 2_000, 24))) {
            List<SSLContext> vms = new ArrayList<>();
            for (int v = 1; v <= 8; v++) {
                vms.add(lab.vm("vm-" + v));
            }
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger busy = new AtomicInteger();
            Map<String, Integer> other = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int vm = i % 8;
                runs.add(pool.submit(() -> {
                    try (VmClient.Session s = VmClient.connect(lab.hypervisorAddress(), vms.get(vm),
                            org.secfunet.grid.hypervisor.VmRequest.parse("CONNECT 127.0.0.1:" + lab.targetPort() + " mode=" + (vm % 2 == 0 ? "tunnel" : "handoff")),
                            null, 30_000)) {
                        s.out().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                        s.out().flush();
                        String line = new BufferedReader(new InputStreamReader(s.in(), StandardCharsets.US_ASCII)).readLine();
                        // vm-k is bound to card c(k): the server saw that card's certificate
                        assertThat(line).startsWith("echo: hi").contains("card-" + (vm + 1) + "@lab.local");
                        ok.incrementAndGet();
                    } catch (VmRefusedException e) {
                        if (e.busy() && e.retryAfterMillis() > 0) {
                            busy.incrementAndGet();
                        } else {
                            other.merge(e.getMessage(), 1, Integer::sum);
                        }
                    } catch (Exception | AssertionError e) {
                        other.merge(String.valueOf(e), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(240, TimeUnit.SECONDS)).as("no connection hangs").isTrue();
            for (Future<?> f : runs) {
                assertThat(f.isDone()).isTrue();
            }
            assertThat(other).as("outcomes other than success or busy").isEmpty();
            assertThat(ok.get() + busy.get()).isEqualTo(200);
            assertThat(ok.get()).isGreaterThan(0);
            System.out.printf("grid load: %d completed, %d told busy%n", ok.get(), busy.get());
            String metrics = lab.hypervisor().metrics().scrape();
            assertThat(metrics).contains("secfunet_hypervisor_handshakes_total");
        }
    }
}
