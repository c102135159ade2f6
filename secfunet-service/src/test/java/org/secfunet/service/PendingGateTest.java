package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingGateTest {
    private final List<String> evicted = new ArrayList<>();

    private PendingGate.Pass enter(PendingGate gate, InetAddress source, String name) {
        return gate.enter(source, () -> evicted.add(name));
    }

    @Test
    void capsPendingConnectionsPerSourceAndFreesSlotsOnce() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        long[] now = {0};
        PendingGate gate = new PendingGate(3, 2, () -> now[0]);
        PendingGate.Pass a1 = enter(gate, a, "a1");
        assertThat(a1).isNotNull();
        assertThat(enter(gate, a, "a2")).isNotNull();
        assertThat(enter(gate, a, "a3")).as("per source").isNull();
        assertThat(gate.refused(a)).isEqualTo("refused 127.0.0.2 before TLS: 2 pending handshakes from this address");
        assertThat(gate.refused(a)).as("reported once per interval").isNull();
        now[0] += TimeUnit.MILLISECONDS.toNanos(PendingGate.REPORT_INTERVAL_MILLIS);
        assertThat(gate.refused(a)).endsWith("(2 connections refused since the last report)");
        a1.close();
        a1.close();
        assertThat(gate.pending()).isEqualTo(1);
        assertThat(enter(gate, b, "b1")).isNotNull();
        assertThat(gate.pending()).isEqualTo(2);
        assertThat(evicted).isEmpty();
    }

    @Test
    void whenFullANewcomerTakesTheOldestSlotOfTheBusiestSource() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        InetAddress c = InetAddress.getByName("127.0.0.4");
        PendingGate gate = new PendingGate(4, 4);
        for (int i = 1; i <= 3; i++) {
            assertThat(enter(gate, a, "a" + i)).isNotNull();
        }
        PendingGate.Pass b1 = enter(gate, b, "b1");
        assertThat(b1).isNotNull();
        assertThat(enter(gate, a, "a4")).as("the busiest source cannot evict itself").isNull();
        assertThat(enter(gate, c, "c1")).isNotNull();
        assertThat(evicted).containsExactly("a1");
        assertThat(gate.pending()).isEqualTo(4);
        // a holds 2, b and c 1 each: taking one of a's would leave c with more than a
        assertThat(enter(gate, c, "c2")).isNull();
        assertThat(enter(gate, b, "b2")).isNull();
        assertThat(enter(gate, InetAddress.getByName("127.0.0.5"), "d1")).as("a holds 2, a newcomer 0").isNotNull();
        assertThat(evicted).containsExactly("a1", "a2");
        assertThat(enter(gate, InetAddress.getByName("127.0.0.6"), "e1")).as("everyone holds one").isNull();
        b1.close();
        assertThat(gate.pending()).isEqualTo(3);
    }
}
