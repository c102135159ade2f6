package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.net.SilentFlood;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.service.HostPort;

/**
 * The pre-authentication lock-out (issue 13, item 3) against s_hypervisor with the default
 * limits: max_connections + 16 silent TCP connections without a certificate from each of two addresses,
 * reopened as they are closed; a VM with its certificate, from another address, is still
 * answered (not BUSY) within 5 s, five times out of five.
 */
@Timeout(120)
class HypervisorAdmissionIT {
    /** The attackers' sources: other loopback addresses than the client's, together able to fill every pending slot. */
    static final String[] ATTACKERS = {"127.0.0.2", "127.0.0.3"};
    static final int SERVED_WITHIN_MILLIS = 5_000;

    @TempDir
    Path dir;
    Hypervisor hv;

    @AfterEach
    void stop() {
        if (hv != null) {
            hv.close();
        }
    }

    @Test
    void silentConnectionsWithoutACertificateDoNotLockOutAVm() throws Exception {
        assumeTrue(canBind(ATTACKERS[0]) && canBind(ATTACKERS[1]), "127.0.0.2 and 127.0.0.3 are not usable loopback addresses here");
        GridPki grid = new GridPki(dir);
        grid.issue("hypervisor", true);
        Files.writeString(dir.resolve("hv.toml"), """
                listen = "127.0.0.1:0"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [[card]]
                id = "a1"
                reader = "vcard:card-a.sfn"
                [[vm]]
                name = "vm-a"
                cards = ["a1"]
                targets = ["127.0.0.1:9"]
                """);
        HypervisorConfig config = HypervisorConfig.load(dir.resolve("hv.toml"));
        hv = new Hypervisor(config).start();
        SSLContext vm = grid.client("vm-a");
        int attackers = config.maxConnections() + 16;
        try (SilentFlood flood = new SilentFlood(InetAddress.getByName(ATTACKERS[0]), hv.port(), attackers);
             SilentFlood second = new SilentFlood(InetAddress.getByName(ATTACKERS[1]), hv.port(), attackers)) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((flood.opened() < attackers + 100 || second.opened() < attackers + 100) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(flood.opened() + second.opened()).as("the floods run and their extra connections are being refused").isGreaterThan(2L * attackers);
            for (int attempt = 1; attempt <= 5; attempt++) {
                long start = System.nanoTime();
                // a request the hypervisor answers itself once the VM is authenticated: a target it may not reach
                VmRefusedException refused = catchThrowableOfType(VmRefusedException.class,
                        () -> VmClient.connect(new HostPort("127.0.0.1", hv.port()), vm, VmRequest.parse("CONNECT 127.0.0.1:10"), null,
                                SERVED_WITHIN_MILLIS).close());
                assertThat(refused).as("attempt %d is answered", attempt).isNotNull();
                assertThat(refused.busy()).as("attempt %d: %s", attempt, refused.reply().line()).isFalse();
                assertThat(refused.reply().code()).isEqualTo("denied");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("attempt %d served in time", attempt)
                        .isLessThan(SERVED_WITHIN_MILLIS);
            }
            assertThat(flood.held() + second.held()).as("the attackers still hold connections").isPositive();
        }
    }

    static boolean canBind(String address) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
