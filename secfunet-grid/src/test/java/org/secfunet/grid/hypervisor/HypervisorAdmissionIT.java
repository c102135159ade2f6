package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.grid.net.LockoutAttack;
import org.secfunet.grid.vm.VmClient;
import org.secfunet.grid.vm.VmRefusedException;
import org.secfunet.service.HostPort;

/**
 * The pre-authentication lock-out (issue 13, item 3) against s_hypervisor with the default
 * limits: max_connections + 16 silent TCP connections without a certificate from each of two
 * addresses, reopened as they are closed; a VM with its certificate is still answered (not BUSY)
 * within 5 s, five times out of five.
 */
@Timeout(120)
class HypervisorAdmissionIT {
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
        assumeTrue(LockoutAttack.possible(), "127.0.0.2 and 127.0.0.3 are not usable loopback addresses here");
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
        HostPort address = new HostPort("127.0.0.1", hv.port());
        try (LockoutAttack attack = LockoutAttack.start(hv.port(), config.maxConnections() + 16)) {
            attack.servedEveryTime(attempt -> {
                // a request the hypervisor answers itself once the VM is authenticated: a target it may not reach
                VmRefusedException refused = catchThrowableOfType(VmRefusedException.class, () -> VmClient.connect(address, vm,
                        VmRequest.parse("CONNECT 127.0.0.1:10"), null, (int) LockoutAttack.SERVED_WITHIN_MILLIS).close());
                assertThat(refused).as("attempt %d is answered", attempt).isNotNull();
                assertThat(refused.busy()).as("attempt %d: %s", attempt, refused.reply().line()).isFalse();
                assertThat(refused.reply().code()).isEqualTo("denied");
            });
        }
    }
}
