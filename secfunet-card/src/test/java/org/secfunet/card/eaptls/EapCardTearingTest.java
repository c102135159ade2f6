package org.secfunet.card.eaptls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * Tearing: a card process is killed with SIGKILL at 50 random instants while it personalizes and
 * changes PINs. After every kill the store must load and hold a whole state: a PIN that is one of
 * the two it alternates between, credentials intact.
 */
class EapCardTearingTest {
    @TempDir
    Path dir;

    @Test
    void theStoreSurvivesFiftyKillsAtRandomPoints() throws Exception {
        ThrowawayPki pki = CardFixture.pki(ThrowawayPki.KeyType.EC_P256);
        Path store = CardFixture.personalized(dir, pki, "peer");
        Path ca = dir.resolve("ca.der");
        Files.write(ca, pki.ca().certificate().getEncoded());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(4137);
        int kills = 0;
        for (int round = 0; round < 50; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EapCardTearingMain.class.getName(),
                    store.toString(), ca.toString()).redirectErrorStream(true).start();
            byte[] started = p.getInputStream().readNBytes(8);
            assertThat(new String(started, StandardCharsets.US_ASCII)).as("child started (round %d)", round).isEqualTo("writing\n");
            Thread.sleep(random.nextInt(120));
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            kills++;
            CardFixture.assertWhole(store, "user PIN is one of the two written (round %d)", round, img -> {
                assertThat(img.identities).extracting(i -> i.label).contains("card");
                // the harness gives back tries a kill took between "try counted" and "try restored"
                img.puk.triesLeft = img.puk.maxTries;
                img.userPin.triesLeft = img.userPin.maxTries;
            });
        }
        assertThat(kills).isEqualTo(50);
        EapCardStore.open(store).close(); // opening cleans what a killed writer left
        try (var stream = Files.list(dir)) {
            assertThat(stream.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tmp-"))).isEmpty();
        }
    }
}
