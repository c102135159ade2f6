package org.secfunet.card.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardStoreTest {
    @TempDir
    Path dir;

    @Test
    void createOpenUpdateAndReopen() {
        Path f = dir.resolve("c.toml");
        CardStore.create(f, "my card", "1234".toCharArray());
        try (CardStore s = CardStore.open(f)) {
            assertThat(s.image().label).isEqualTo("my card");
            assertThat(s.pinMatches("1234".getBytes())).isTrue();
            assertThat(s.pinMatches("1235".getBytes())).isFalse();
            CardImage next = s.image();
            next.counter = 41;
            s.update(next);
        }
        try (CardStore s = CardStore.open(f)) {
            assertThat(s.image().counter).isEqualTo(41);
        }
    }

    @Test
    void thePinIsNeverStoredInClear() throws Exception {
        Path f = dir.resolve("c.toml");
        CardStore.create(f, "x", "98765432".toCharArray());
        assertThat(Files.readString(f)).doesNotContain("98765432");
    }

    @Test
    @SuppressWarnings("try") // a resource held open for the body, never named in it
    void oneHolderAtATime() {
        Path f = dir.resolve("c.toml");
        CardStore.create(f, "x", "1234".toCharArray());
        try (CardStore s = CardStore.open(f)) {
            assertThatThrownBy(() -> CardStore.open(f)).isInstanceOf(CardStoreException.class)
                    .hasMessageContaining("already open in this process");
        }
        CardStore.open(f).close();
    }

    @Test
    void clearErrorsForMissingExistingAndBrokenStores() throws Exception {
        Path f = dir.resolve("c.toml");
        assertThatThrownBy(() -> CardStore.open(f)).hasMessageContaining("does not exist (create one with: secfunet vcard create");
        CardStore.create(f, "x", "1234".toCharArray());
        assertThatThrownBy(() -> CardStore.create(f, "x", "1234".toCharArray())).hasMessageContaining("already exists");
        assertThatThrownBy(() -> CardStore.create(dir.resolve("d.toml"), "x", "12".toCharArray())).hasMessageContaining("PIN must be 4 to 16");
        Files.writeString(f, "format = 1\nlabel = [", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CardStore.open(f)).isInstanceOf(CardStoreException.class).hasMessageContaining("is not a valid store");
        Files.writeString(f, "format = 2\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CardStore.open(f)).hasMessageContaining("has format 2");
        Files.writeString(f, "format = 1\nlabel = \"x\"\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CardStore.open(f)).hasMessageContaining("is incomplete");
        Files.write(f, new byte[CardStore.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> CardStore.open(f)).hasMessageContaining("over the 1048576-byte limit");
    }

    @Test
    void noTemporaryFilesAreLeftBehind() {
        Path f = dir.resolve("c.toml");
        CardStore.create(f, "x", "1234".toCharArray());
        try (CardStore s = CardStore.open(f)) {
            for (int i = 0; i < 20; i++) {
                CardImage n = s.image();
                n.counter = i;
                s.update(n);
            }
        }
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("c.toml", "c.toml.lock");
    }

    /** A child JVM rewrites the store in a loop; kill -9 at random instants must never break it. */
    @Test
    void survivesKillNineAtAnyInstant() throws Exception {
        Path f = dir.resolve("crash.toml");
        CardStore.create(f, "crash", "1234".toCharArray());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long lastSeen = 0;
        for (int round = 0; round < 6; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StoreWriterMain.class.getName(), f.toString()).redirectErrorStream(true).start();
            // wait until it is writing, then kill it at a different moment each round
            byte[] started = p.getInputStream().readNBytes(8);
            assertThat(new String(started, StandardCharsets.US_ASCII)).isEqualTo("writing\n");
            Thread.sleep(20 + round * 37L);
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (CardStore s = CardStore.open(f)) {
                long c = s.image().counter;
                assertThat(c).isGreaterThanOrEqualTo(lastSeen);
                assertThat(s.pinMatches("1234".getBytes())).isTrue();
                lastSeen = c;
            }
        }
        assertThat(lastSeen).isPositive();
    }
}
