package org.secfunet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.radius.lab.Hostapd;
import org.secfunet.radius.lab.LabProcess;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.lab.RadiusLoad;
import org.secfunet.radius.server.RadiusServer;
import org.secfunet.radius.server.RadiusServerConfig;

/**
 * {@code bench radius}: EAP-TLS authentications per second through radius_server (EAP-TLS server
 * in 1, 2, 4 cards), and against hostapd's integrated RADIUS server with a file key as the
 * reference, measured in the same run with the same peers (software EAP-TLS cards in this JVM,
 * relayed by our NAS over loopback UDP).
 */
public final class RadiusBench {
    private RadiusBench() {
    }

    public static void run(int perCard, boolean tls13, Consumer<String> out) throws Exception {
        if (perCard < 1 || perCard > 1000) {
            throw new IllegalArgumentException("authentications per card must be 1..1000");
        }
        Path dir = Files.createTempDirectory("secfunet-radiusbench");
        try {
            double base = Double.NaN;
            if (Files.isExecutable(Path.of("/usr/sbin/hostapd"))) {
                Path d = Files.createDirectories(dir.resolve("hostapd"));
                RadiusLab lab = new RadiusLab(d, ThrowawayPki.KeyType.EC_P256, 0, Duration.ofDays(1));
                try (LabProcess hostapd = Hostapd.start(d, RadiusLab.SECRET, lab.serverFiles[0], lab.serverFiles[1], lab.pki.caPem, tls13)) {
                    RadiusLoad.run(lab, hostapd.port(), 2, 6, 120); // warm-up
                    RadiusLoad.Report r = RadiusLoad.run(lab, hostapd.port(), 4, perCard * 4, 600);
                    base = r.perSecond();
                    out.accept(line("hostapd, server key in a file (reference)", 0, 4, r));
                }
            } else {
                out.accept("hostapd is not installed: no reference row (apt-get install hostapd)");
            }
            for (int cards : new int[] {1, 2, 4}) {
                Path d = Files.createDirectories(dir.resolve("cards" + cards));
                RadiusLab lab = new RadiusLab(d, ThrowawayPki.KeyType.EC_P256, cards, Duration.ofDays(1));
                try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start()) {
                    RadiusLoad.run(lab, server.port(), 2, 6, 120); // warm-up
                    RadiusLoad.Report r = RadiusLoad.run(lab, server.port(), 2 * cards, perCard * cards, 600);
                    out.accept(line("radius_server, EAP-TLS server in cards", cards, 2 * cards, r)
                            + (Double.isNaN(base) ? "" : String.format("  (%.2fx hostapd)", r.perSecond() / base)));
                }
            }
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    private static String line(String what, int cards, int peers, RadiusLoad.Report r) {
        return String.format("%-42s cards %d  peers %d  ok %4d  failed %d  %6.1f auth/s  p50 %6.1f ms  p99 %6.1f ms", what, cards, peers, r.ok(),
                r.failed(), r.perSecond(), r.p50(), r.p99());
    }
}
