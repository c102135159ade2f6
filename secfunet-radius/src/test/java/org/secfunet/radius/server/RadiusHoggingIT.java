package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusEapMessage;
import org.secfunet.radius.packet.RadiusSigner;
import org.secfunet.radius.peer.CardEapolTest;
import org.secfunet.radius.peer.RadiusClient;

/**
 * Card hogging over a real socket: while one calling station sends abandoned
 * EAP-Response/Identity starts at 10 per second (it never answers a challenge), a card peer at
 * another station authenticates, every time. The default limits (one card per calling station, a
 * 5 s round timeout) hold the attacker to one card of two; before them, each start held a card for
 * the whole conversation timeout and the peer's request found none free.
 */
class RadiusHoggingIT {
    static final String ATTACKER_STATION = "02-00-00-00-00-66";
    /** The attacker's rate and its bound: at most this many datagrams in all. */
    static final long ATTACK_PERIOD_MILLIS = 100;
    static final int MAX_ATTACK_DATAGRAMS = 600;
    static final int ATTEMPTS = 3;
    /** How long the attempts go on at most, waiting for the round timeout (5 s) and the reaper (every 1 s). */
    static final long ROUND_TIMEOUT_WAIT_SECONDS = 20;

    @TempDir
    Path dir;

    @Test
    void abandonedStartsFromOneStationDoNotKeepALegitimatePeerOut() throws Exception {
        RadiusLab lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 2, Duration.ofDays(1));
        ScheduledExecutorService attacker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start();
             DatagramSocket attack = new DatagramSocket();
             RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8),
                     3000, 3)) {
            SecureRandom random = new SecureRandom();
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
            attacker.scheduleAtFixedRate(() -> {
                int n = sent.getAndIncrement();
                if (n >= MAX_ATTACK_DATAGRAMS) {
                    throw new IllegalStateException("bound reached"); // ends the schedule
                }
                byte[] start = RadiusSigner.accessRequest(n & 0xFF, abandonedStart(), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8), random).encode();
                try {
                    attack.send(new DatagramPacket(start, start.length, to));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, ATTACK_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (server.stats().received.get() < 20 && System.nanoTime() - end < 0) {
                Thread.sleep(20); // until the attack is under way: 2 s of abandoned starts received
            }
            int attempts = 0;
            // a few attempts, and on until the attacker's silent conversation was freed by the round timeout (bounded in time)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_WAIT_SECONDS);
            for (int i = 0; i < ATTEMPTS || (server.stats().timedOut.get() == 0 && System.nanoTime() - until < 0); i++, attempts++) {
                try (EapSmartcard card = RadiusConversationTest.peer(lab.peerCard, null)) {
                    long t0 = System.nanoTime();
                    CardEapolTest.Result r = CardEapolTest.run(card, nas, "02-00-00-00-00-01", line -> { });
                    assertThat(r.success()).as("attempt %d: %s", i + 1, r.reason()).isTrue();
                    assertThat(r.mppeMatch()).isTrue();
                    assertThat(System.nanoTime() - t0).as("attempt %d served within 10 s", i + 1).isLessThan(TimeUnit.SECONDS.toNanos(10));
                }
            }
            assertThat(server.stats().timedOut.get()).as("the attacker's card freed by the round timeout").isPositive();
            assertThat(server.stats().accepts.get()).isEqualTo(attempts);
            assertThat(server.conversations()).as("the attacker holds at most its one card").isLessThanOrEqualTo(1);
            assertThat(server.stats().overQuota.get()).as("the attacker's other starts were refused").isPositive();
            System.out.printf("radius hogging: %d abandoned starts sent; %s%n", sent.get(), server.stats());
            attacker.shutdownNow(); // before the server and its cards go
        } finally {
            attacker.shutdownNow();
            assertThat(attacker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<RadiusAttribute> abandonedStart() {
        List<RadiusAttribute> a = new ArrayList<>();
        a.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, "hog@test.local"));
        a.add(RadiusAttribute.text(RadiusAttributeType.CALLING_STATION_ID, ATTACKER_STATION));
        a.addAll(RadiusEapMessage.split(EapPacket.response(0, EapType.IDENTITY, "hog@test.local".getBytes(StandardCharsets.UTF_8)).encode()));
        return a;
    }
}
