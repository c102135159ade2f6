package org.secfunet.grid.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The labs' s_hypervisor TOML, to the letter: GridLab's (metrics, vcard: cards, VMs) and the bench's on ZooKeeper (name, a [zookeeper] table, cards without readers). */
class LabHypervisorTomlTest {
    private static final String TLS = """
            [tls]
            cert = "hypervisor.pem"
            key = "hypervisor.key"
            vm_ca = "grid-ca.pem"
            [racs]
            cert = "hypervisor-racs.pem"
            key = "hypervisor-racs.key"
            ca = "grid-ca.pem"
            """;

    @Test
    void gridLabsHypervisorWithCardsAndVms() {
        String text = new LabHypervisorToml("127.0.0.1:0").metrics("127.0.0.1:0").queue(1000, 8).limits(200, 0)
                .card("c1", "vcard:card-1.sfn", "pass:1234").card("c2", "racs://127.0.0.1:4711/se2", "pass:1234")
                .vm("vm-1", List.of("c1", "c2")).text();
        assertThat(text).isEqualTo("listen = \"127.0.0.1:0\"\nmetrics = \"127.0.0.1:0\"\n" + TLS
                + "[queue]\nwait_ms = 1000\nmax_waiters = 8\n[limits]\nprobe_ms = 200\ncard_keep_ms = 0\n"
                + "[[card]]\nid = \"c1\"\nreader = \"vcard:card-1.sfn\"\npin = \"pass:1234\"\n"
                + "[[card]]\nid = \"c2\"\nreader = \"racs://127.0.0.1:4711/se2\"\npin = \"pass:1234\"\n"
                + "[[vm]]\nname = \"vm-1\"\ncards = [\"c1\", \"c2\"]\n");
    }

    @Test
    void namedHypervisorOnZooKeeper() {
        String text = new LabHypervisorToml("127.0.0.1:0").name("hv-1").queue(60000, 256).limits(100, 5000)
                .append("[zookeeper]\nconnect = \"127.0.0.1:2181\"\n").card("se1", null, "pass:1234").text();
        assertThat(text).isEqualTo("listen = \"127.0.0.1:0\"\nname = \"hv-1\"\n" + TLS
                + "[queue]\nwait_ms = 60000\nmax_waiters = 256\n[limits]\nprobe_ms = 100\ncard_keep_ms = 5000\n"
                + "[zookeeper]\nconnect = \"127.0.0.1:2181\"\n"
                + "[[card]]\nid = \"se1\"\npin = \"pass:1234\"\n");
    }

    @Test
    void queueAndLimitsAreRequired() {
        assertThatThrownBy(() -> new LabHypervisorToml("127.0.0.1:0").limits(100, 0).text()).isInstanceOf(IllegalStateException.class);
    }
}
