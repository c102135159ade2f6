package org.secfunet.card.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 9: two processes never hold one store, whatever happens to its lock file, and
 * every file of a card is mode 0600 so that no other user can open one to lock it.
 */
class StoreLockTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    /** Runs {@link StoreOpenMain} on {@code store} in a second JVM and returns what it printed. */
    private static String openInAnotherProcess(Path store) throws Exception {
        Process p = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), StoreOpenMain.class.getName(), store.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void increment(CardStore s) {
        CardImage n = s.image();
        n.counter++;
        s.update(n);
    }

    @Test
    void deletingTheLockFileDoesNotLetASecondProcessIn() throws Exception {
        Path f = dir.resolve("c.toml");
        CardStore.create(f, "x", "1234".toCharArray());
        try (CardStore s = CardStore.open(f)) {
            increment(s); // the store file is replaced: the lock must follow it
            increment(s);
            Files.delete(StoreLock.lockFile(f));
            assertThat(openInAnotherProcess(f)).isEqualTo("card store " + f + " is in use by another process");
            increment(s);
        }
        assertThat(openInAnotherProcess(f)).isEqualTo("opened");
    }

    @Test
    void aWriterInAnotherProcessIsNeverJoinedEvenWithItsLockFileGone() throws Exception {
        Path f = dir.resolve("w.toml");
        CardStore.create(f, "x", "1234".toCharArray());
        Process writer = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(), f.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(new String(writer.getInputStream().readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("writing\n");
            for (int i = 0; i < 200; i++) {
                Files.deleteIfExists(StoreLock.lockFile(f));
                try (CardStore joined = CardStore.open(f)) {
                    throw new AssertionError("opened a store another process is writing, attempt " + i);
                } catch (CardStoreException e) {
                    assertThat(e).hasMessage("card store " + f + " is in use by another process");
                }
            }
            assertThat(writer.isAlive()).isTrue();
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyFileOfACardIsOwnerOnly() throws Exception {
        Path plain = dir.resolve("c.toml");
        CardStore.create(plain, "x", "1234".toCharArray());
        try (CardStore s = CardStore.open(plain)) {
            increment(s);
        }
        Path sealed = dir.resolve("s.sfn");
        try (TriesStore s = new TriesStore(TriesStore.create(sealed))) {
            s.wrongPin();
        }
        for (String name : new String[] {"c.toml", "c.toml.lock", "s.sfn", "s.sfn.key", "s.sfn.gen", "s.sfn.lock"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).as(name).isEqualTo("rw-------");
        }
    }

    /** An earlier version left FILE.lock mode 0644 and someone else holds a shared lock on it: the card still opens. */
    @Test
    void aLockFileOthersCouldOpenIsReplaced() throws Exception {
        Path f = dir.resolve("c.toml");
        CardStore.create(f, "x", "1234".toCharArray());
        Path lockFile = StoreLock.lockFile(f);
        Files.write(lockFile, new byte[0]);
        Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-r--r--"));
        try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.READ); FileLock shared = other.lock(0, Long.MAX_VALUE, true)) {
            try (CardStore s = CardStore.open(f)) {
                increment(s);
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile))).isEqualTo("rw-------");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
