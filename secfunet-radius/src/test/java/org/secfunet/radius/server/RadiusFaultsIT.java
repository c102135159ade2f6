package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;
import org.secfunet.radius.lab.RadiusLab;
import org.secfunet.radius.lab.RadiusPki;
import org.secfunet.radius.lab.WpaEapolTest;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusEapMessage;
import org.secfunet.radius.peer.RadiusClient;

/**
 * Faults end in Access-Reject or FAILURE with a clear reason, and leave no card held: a wrong
 * shared secret, an untrusted CA, an expired certificate, a blocked PIN, a peer that stops.
 */
class RadiusFaultsIT {
    @TempDir
    Path dir;
    RadiusLab lab;

    @BeforeEach
    void setUp() throws Exception {
        new RadiusInteropIT().tools();
        lab = new RadiusLab(dir, ThrowawayPki.KeyType.EC_P256, 2, Duration.ofDays(1));
    }

    private static void nothingHeld(RadiusServer server) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - end < 0 && (server.conversations() > 0 || server.pool().counts().get(CardPool.State.FREE) < 2)) {
            Thread.sleep(50);
        }
        assertThat(server.conversations()).isZero();
        assertThat(server.pool().counts().get(CardPool.State.FREE)).isEqualTo(2);
    }

    @Test
    void aWrongSharedSecretIsDroppedSilentlyAndCounted() throws Exception {
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start()) {
            WpaEapolTest.Run run = WpaEapolTest.run(dir, "peer", server.port(), "wrong-secret", RadiusLab.PEER_IDENTITY, lab.clientFiles[0],
                    lab.clientFiles[1], lab.pki.caPem, true, 3);
            assertThat(run.success()).isFalse();
            assertThat(run.output().strip()).endsWith("FAILURE");
            assertThat(server.stats().badAuthenticator.get()).isPositive();
            assertThat(server.stats().accepts.get() + server.stats().rejects.get()).isZero();
            nothingHeld(server);
        }
    }

    @Test
    void aClientCertificateFromAnUntrustedCaIsRejected() throws Exception {
        RadiusPki other = new RadiusPki(dir, ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1), "other");
        Path[] stranger = other.client("stranger", "stranger@test.local");
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start()) {
            WpaEapolTest.Run run = WpaEapolTest.run(dir, "stranger", server.port(), RadiusLab.SECRET, "stranger@test.local", stranger[0],
                    stranger[1], lab.pki.caPem, true, 10);
            assertThat(run.success()).isFalse();
            assertThat(run.output()).contains("CTRL-EVENT-EAP-FAILURE");
            assertThat(server.stats().rejects.get()).isEqualTo(1);
            nothingHeld(server);
        }
    }

    @Test
    void anExpiredClientCertificateIsRejected() throws Exception {
        RadiusPki expired = new RadiusPki(dir, ThrowawayPki.KeyType.EC_P256, Duration.ofMinutes(30), "expired");
        Path[] old = expired.client("old", "old@test.local");
        for (Path card : lab.serverCards) { // the server trusts the CA: only the dates are wrong
            try (EapSmartcard sc = new EapSmartcard(Readers.discover().connect("vcard:" + card, ConnectOptions.DEFAULT), Tracer.OFF, ApduMode.SHORT)) {
                sc.select();
                sc.verifyPuk(RadiusLab.PUK.toCharArray());
                sc.addCa(expired.ca.ca().certificate().getEncoded());
            }
        }
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start()) {
            WpaEapolTest.Run run = WpaEapolTest.run(dir, "old", server.port(), RadiusLab.SECRET, "old@test.local", old[0], old[1],
                    lab.pki.caPem, false, 10);
            assertThat(run.success()).isFalse();
            assertThat(server.stats().rejects.get()).isEqualTo(1);
            nothingHeld(server);
        }
    }

    @Test
    void aServerCardWithABlockedPinRejectsWithTheReasonAndIsReleased() throws Exception {
        for (Path card : lab.serverCards) {
            try (EapSmartcard sc = new EapSmartcard(Readers.discover().connect("vcard:" + card, ConnectOptions.DEFAULT), Tracer.OFF, ApduMode.SHORT)) {
                sc.select();
                for (int i = 0; i < 3; i++) {
                    try {
                        sc.verifyPin("0000".toCharArray());
                    } catch (RuntimeException expected) {
                        // burning the tries
                    }
                }
                assertThat(sc.pinTriesLeft()).isZero();
            }
        }
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 30))).start();
             RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8),
                     3000, 3)) { // a retransmission is answered from the server's duplicate cache
            RadiusClient.Exchange ex = nas.send(identity());
            assertThat(ex.reply().code()).isEqualTo(RadiusCode.ACCESS_REJECT);
            assertThat(ex.reply().attribute(RadiusAttributeType.REPLY_MESSAGE).asText()).contains("cannot serve").containsIgnoringCase("blocked");
            nothingHeld(server);
        }
    }

    @Test
    void aPeerThatStopsMidConversationFreesItsCardAfterTheTimeout() throws Exception {
        // 3 s: long enough that the conversation is still there when the first answer has come back on a loaded machine
        try (RadiusServer server = new RadiusServer(RadiusServerConfig.load(lab.serverConfig(0, 3))).start();
             RadiusClient nas = new RadiusClient(new InetSocketAddress("127.0.0.1", server.port()), RadiusLab.SECRET.getBytes(StandardCharsets.UTF_8),
                     3000, 3)) { // a retransmission is answered from the server's duplicate cache
            RadiusClient.Exchange ex = nas.send(identity());
            assertThat(ex.reply().code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
            assertThat(server.conversations()).isEqualTo(1);
            assertThat(server.pool().counts().get(CardPool.State.BUSY)).isEqualTo(1);
            // ... and the peer says nothing more: the reaper (every 1 s) ends it after the 3 s timeout
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() - end < 0 && server.stats().timedOut.get() == 0) {
                Thread.sleep(50);
            }
            assertThat(server.stats().timedOut.get()).isEqualTo(1);
            nothingHeld(server);
            // its State is gone: a late answer is rejected, not served
            List<RadiusAttribute> late = new ArrayList<>(identity());
            late.add(RadiusAttribute.of(RadiusAttributeType.STATE, ex.reply().state()));
            assertThat(nas.send(late).reply().code()).isEqualTo(RadiusCode.ACCESS_REJECT);
        }
    }

    private static List<RadiusAttribute> identity() {
        List<RadiusAttribute> a = new ArrayList<>();
        a.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, RadiusLab.PEER_IDENTITY));
        a.addAll(RadiusEapMessage.split(EapPacket.response(0, EapType.IDENTITY, RadiusLab.PEER_IDENTITY.getBytes(StandardCharsets.UTF_8)).encode()));
        return a;
    }
}
