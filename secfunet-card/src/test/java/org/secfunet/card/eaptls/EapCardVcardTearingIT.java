package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.eap.tls.pki.ThrowawayPki;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.ApduMode;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * The `vcard` process serving the card in pcscd is killed with SIGKILL at 50 random points while
 * the host personalizes the card and changes its PIN through PC/SC. Every time, the store loads and
 * holds a whole state.
 */
class EapCardVcardTearingIT {
    private static final String READER = "VPCD0 00 00";

    @TempDir
    Path dir;

    @Test
    void killedAtFiftyRandomPointsTheStoreStaysWhole() throws Exception {
        String base = System.getenv("SECFUNET_VPCD_BASE");
        if (base == null) {
            if ("1".equals(System.getenv("SECFUNET_PCSC_REQUIRED"))) {
                fail("SECFUNET_PCSC_REQUIRED=1 but no pcscd+vpcd environment");
            }
            assumeTrue(false, "no pcscd+vpcd environment (run bin/test)");
        }
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        byte[] ca = pki.ca().certificate().getEncoded();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(7);
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        int interrupted = 0;
        try {
            for (int round = 0; round < 50; round++) {
                awaitCard(false, "slot empty");
                Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), VcardChildMain.class.getName(),
                        store.toString(), base).redirectErrorStream(true).start();
                assertThat(new String(child.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).as("vcard ready, round %d", round).isEqualTo("ready\n");
                awaitCard(true, "card present");
                killer.schedule(child::destroyForcibly, 50 + random.nextInt(400), TimeUnit.MILLISECONDS);
                try (EapSmartcard card = new EapSmartcard(Readers.discover().connect(READER, ConnectOptions.DEFAULT), Tracer.OFF, ApduMode.SHORT)) {
                    card.select();
                    card.verifyPuk(CardFixture.PUK);
                    for (int i = 0; i < 10_000; i++) {
                        switch (i % 4) {
                            case 0 -> card.addCa(ca);
                            case 1 -> card.addIdentity("extra", "extra@test.local", "peer", false);
                            case 2 -> card.unblockPin(CardFixture.PUK, (i % 8 == 2 ? "1234" : "5678").toCharArray());
                            default -> card.deleteIdentity("extra");
                        }
                    }
                } catch (RuntimeException expected) {
                    interrupted++; // the card went away mid-command
                }
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                CardFixture.assertWhole(store, "PIN whole after kill %d", round,
                        img -> img.puk.triesLeft = img.puk.maxTries); // the harness gives back a try a kill may have taken
            }
        } finally {
            killer.shutdownNow();
        }
        assertThat(interrupted).as("kills that hit the card during a command").isGreaterThan(40);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-"))).isEmpty();
        }
    }

    private static void awaitCard(boolean present, String what) throws InterruptedException {
        if (!PcscReaders.shared().awaitCard(READER, present, java.time.Duration.ofSeconds(10))) {
            fail("timed out waiting for " + what);
        }
    }
}
