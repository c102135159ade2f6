package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.service.CardPool;
import org.secfunet.tls.TestCards;
import org.secfunet.tls.TricklingServer;

/**
 * What a hostile VM sends s_hypervisor: malformed fields, an over-long line, wrong PINs all at
 * once, a target that trickles its handshake. One VM with four software cards (3 PIN tries each,
 * one kept for the operator), at most 3 wrong PINs per window, a 2 s handshake deadline.
 */
class VmRequestAbuseTest {
    private static final int CARDS = 4;
    private static final int MAX_FAILURES = 3;

    @TempDir
    Path dir;
    GridPki grid;
    SSLContext vm;
    Hypervisor hv;
    /** A target that accepts connections (the kernel does) and never says anything. */
    ServerSocket silent;

    @BeforeEach
    void setUp() throws Exception {
        grid = new GridPki(dir);
        ThrowawayPki web = ThrowawayPki.create("Web CA", ThrowawayPki.KeyType.EC_P256, Duration.ofDays(1));
        StringBuilder toml = new StringBuilder("""
                listen = "127.0.0.1:0"
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [queue]
                wait_ms = 10000
                max_waiters = 16
                [limits]
                handshake_timeout_ms = 2000
                [pin]
                max_failures = %d
                window_seconds = 600
                reserve = 1
                """.formatted(MAX_FAILURES));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= CARDS; i++) {
            TestCards.personalized(dir, web, web, "card-" + i);
            toml.append("[[card]]\nid = \"c").append(i).append("\"\nreader = \"vcard:card-").append(i).append(".sfn\"\n");
            ids.add("\"c" + i + "\"");
        }
        toml.append("[[vm]]\nname = \"vm-a\"\ncards = [").append(String.join(", ", ids)).append("]\n");
        Files.writeString(dir.resolve("hv.toml"), toml);
        grid.issue("hypervisor", true);
        vm = grid.client("vm-a");
        hv = new Hypervisor(HypervisorConfig.load(dir.resolve("hv.toml"))).start();
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (hv != null) {
            hv.close();
        }
        silent.close();
    }

    private SSLSocket open() throws IOException {
        SSLSocket s = (SSLSocket) vm.getSocketFactory().createSocket("127.0.0.1", hv.port());
        s.setSoTimeout(15_000);
        s.startHandshake();
        return s;
    }

    private static void send(SSLSocket s, String... lines) throws IOException {
        for (String l : lines) {
            s.getOutputStream().write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        s.getOutputStream().flush();
    }

    /** The hypervisor's answer to {@code lines}; null when it closed without one. */
    private String ask(String... lines) throws IOException {
        try (SSLSocket s = open()) {
            send(s, lines);
            return LineIo.read(s.getInputStream(), VmReply.MAX_LINE);
        }
    }

    private int pinTriesSpent() {
        int spent = 0;
        for (int i = 1; i <= CARDS; i++) {
            try (EapSmartcard c = TestCards.open(dir.resolve("card-" + i + ".sfn"), false)) {
                spent += EapCards.USER_PIN_TRIES - c.pinTriesLeft();
            }
        }
        return spent;
    }

    @Test
    void everyMalformedFieldGetsAnErrNamingItAndIsCounted() throws Exception {
        String connect = "CONNECT 127.0.0.1:" + silent.getLocalPort();
        String[][] bad = {
            {"PIN 12", connect}, {"PIN 123456789", connect}, {"PIN ", connect}, {"PIN 12\u00e934", connect},
            {"PIN 12\u001b[2J", connect}, {"PIN 1234", "PIN 1234", connect},
            {connect + " card=c1\u001b[31m"}, {connect + " mode=tunnel mode=handoff"}, {connect + " colour=red"},
        };
        for (String[] lines : bad) {
            String reply = ask(lines);
            assertThat(reply).as("answer to %s", String.join(" | ", lines)).startsWith("ERR syntax ").doesNotContain("\u001b");
            if (lines[0].startsWith("PIN")) {
                assertThat(reply).startsWith("ERR syntax PIN: ");
            }
        }
        assertThat(pinTriesSpent()).as("no malformed PIN reached a card").isZero();
        assertThat(hv.metrics().scrape()).contains("secfunet_hypervisor_failures_total{reason=\"malformed\",vm=\"vm-a\"} " + bad.length + ".0");
    }

    @Test
    void anOverLongLineGetsAnErrBeforeTheClose() throws Exception {
        assertThat(ask("CONNECT " + "a".repeat(2 * VmRequest.MAX_LINE)))
                .isEqualTo("ERR syntax line too long (max " + VmRequest.MAX_LINE + " bytes)");
        assertThat(hv.metrics().scrape()).contains("secfunet_hypervisor_failures_total{reason=\"malformed\",vm=\"vm-a\"} 1.0");
    }

    @Test
    void concurrentWrongPinsSpendNoMoreThanTheWindow() throws Exception {
        int n = 10;
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService vms = Executors.newFixedThreadPool(n);
        List<Future<String>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                replies.add(vms.submit(() -> {
                    try (SSLSocket s = open()) {
                        send(s, "PIN 9999");
                        ready.countDown();
                        go.await();
                        send(s, "CONNECT 127.0.0.1:" + silent.getLocalPort());
                        return LineIo.read(s.getInputStream(), VmReply.MAX_LINE);
                    }
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> got = new ArrayList<>();
            for (Future<String> f : replies) {
                got.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(got).as("every request is answered").doesNotContainNull();
            assertThat(got.stream().filter(r -> r.startsWith("ERR pin wrong PIN"))).as("%s", got).hasSize(MAX_FAILURES);
            assertThat(got.stream().filter(r -> r.startsWith("ERR pin-limit"))).as("%s", got).hasSize(n - MAX_FAILURES);
        } finally {
            vms.shutdownNow();
        }
        assertThat(pinTriesSpent()).as("wrong PINs that reached a card").isEqualTo(MAX_FAILURES);
        assertThat(hv.metrics().scrape()).contains("secfunet_hypervisor_pin_failures_total{vm=\"vm-a\"} " + MAX_FAILURES + ".0");
    }

    @Test
    void aTricklingTargetEndsAtTheHandshakeDeadlineAndTheCardGoesBack() throws Exception {
        try (TricklingServer target = new TricklingServer(200)) {
            long t0 = System.nanoTime();
            String reply = ask("PIN 1234", "CONNECT 127.0.0.1:" + target.port() + " card=c1");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(reply).startsWith("ERR tls ").endsWith("TLS handshake with 127.0.0.1:" + target.port() + " took longer than 2 s");
            assertThat(ms).as("ended near the 2 s deadline").isBetween(1_900L, 8_000L);
            assertThat(hv.pool().counts()).as("the lease is back in the pool")
                    .containsEntry(CardPool.State.FREE, CARDS).containsEntry(CardPool.State.BUSY, 0);
            assertThat(pinTriesSpent()).isZero();
        }
    }
}
