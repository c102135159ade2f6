package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.radius.server.RadiusDispatcherTest.NAS;
import static org.secfunet.radius.server.RadiusDispatcherTest.SECRET;
import static org.secfunet.radius.server.RadiusDispatcherTest.identity;
import static org.secfunet.radius.server.RadiusDispatcherTest.request;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.Readers;
import org.secfunet.radius.LogCapture;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;

/** What a peer sends reaches the log escaped, and a flood of drops writes a bounded number of lines. */
class RadiusLogTest {
    /** A User-Name forging a log line and repainting the terminal. */
    static final String FORGED = "eve\n12:00:00.000 INFO  RadiusDispatcher - Access-Accept for 'boss@corp'\u001b[31m\u2028";
    static final String SHOWN = "eve\\x0A12:00:00.000 INFO  RadiusDispatcher - Access-Accept for 'boss@corp'\\x1B[31m\\u2028";

    @TempDir
    Path dir;
    final AtomicLong now = new AtomicLong();

    @Test
    void aForgedUserNameIsLoggedEscaped() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 1, Duration.ofDays(1));
        RadiusDispatcher d = new RadiusDispatcher(RadiusServerConfig.load(lab.serverConfig(0, 30)), Readers.discover(), now::get);
        try (LogCapture log = new LogCapture(RadiusDispatcher.class)) {
            for (int i = 1; i <= 2; i++) { // the first starts a conversation, the second is over the user's share
                List<RadiusAttribute> attrs = new ArrayList<>(identity(RadiusLab.PEER_IDENTITY));
                attrs.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, FORGED));
                d.dispatch(request(i, SECRET, attrs), NAS, 4000);
            }
            now.addAndGet(TimeUnit.SECONDS.toNanos(31));
            d.reap();
            List<String> lines = log.lines();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
            assertThat(lines).filteredOn(l -> l.contains("'" + SHOWN + "'")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\n", "\u001b", "\u2028"));
        }
        d.close();
    }

    @Test
    void aFloodOfDropsWritesTheFirstFewThenOneSummaryPerInterval() throws Exception {
        RadiusDispatcher d = RadiusDispatcherTest.cardless(dir, now::get);
        int n = 4000;
        long step = TimeUnit.MILLISECONDS.toNanos(15); // 4000 drops in 60 s
        byte[] datagram = request(1, SECRET, identity("x"));
        InetAddress stranger = InetAddress.getByName("192.0.2.7");
        try (LogCapture log = new LogCapture(RadiusDispatcher.class)) {
            for (int i = 0; i < n; i++) {
                now.addAndGet(step);
                d.dispatch(datagram, stranger, 1812);
                d.dispatch(new byte[] {1, 2, 3}, NAS, 4000);
            }
            long intervals = TimeUnit.NANOSECONDS.toSeconds(n * step) / ThrottledLog.INTERVAL_SECONDS;
            List<String> lines = log.lines();
            assertThat(lines).hasSizeLessThanOrEqualTo(2 * (int) (ThrottledLog.FIRST_LINES + intervals + 1));
            assertThat(lines).filteredOn(l -> l.contains("datagrams from unknown clients not logged one by one")).isNotEmpty();
            assertThat(d.stats().unknownClient.get()).isEqualTo(n);
            assertThat(d.stats().malformed.get()).isEqualTo(n);
        }
    }
}
