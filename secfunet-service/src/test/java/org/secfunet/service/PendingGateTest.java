package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PendingGateTest {
    @Test
    void capsPendingConnectionsPerSourceAndInTotalAndFreesSlotsOnce() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        InetAddress c = InetAddress.getByName("127.0.0.4");
        PendingGate gate = new PendingGate(3, 2);
        PendingGate.Pass a1 = gate.enter(a);
        assertThat(a1).isNotNull();
        assertThat(gate.enter(a)).isNotNull();
        assertThat(gate.enter(a)).as("per source").isNull();
        assertThat(gate.refusal(a)).isEqualTo("2 pending handshakes from this address");
        assertThat(gate.enter(b)).isNotNull();
        assertThat(gate.enter(c)).as("in total").isNull();
        assertThat(gate.refusal(c)).isEqualTo("3 pending handshakes in total");
        a1.close();
        a1.close();
        assertThat(gate.pending()).isEqualTo(2);
        assertThat(gate.enter(c)).isNotNull();
        assertThat(gate.enter(c)).isNull();
    }
}
