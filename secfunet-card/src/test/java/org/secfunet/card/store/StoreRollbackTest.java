package org.secfunet.card.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.eaptls.EapCardStore;
import org.secfunet.card.sim.SimCardStore;
import org.secfunet.card.sim.SimImage;

/**
 * Issue 13, item 2: an older copy of a sealed store put back (its key untouched) must not bring
 * PIN tries back; a crash between the counter's write and the store's must still leave a store
 * that opens; stores of an earlier version (no generation) open and get a counter on first write.
 */
class StoreRollbackTest {
    @TempDir
    Path dir;

    private Path store() {
        return TriesStore.create(dir.resolve("t.sfn"));
    }

    private Path copyAside(Path f) throws IOException {
        return Files.copy(f, dir.resolve("copy-" + System.nanoTime()));
    }

    private static void putBack(Path copy, Path f) throws IOException {
        Files.copy(copy, f, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anOlderCopyPutBackIsRefusedAndTheTriesAreNotReset() throws Exception {
        Path f = store();
        Path full = copyAside(f);
        try (TriesStore s = new TriesStore(f)) {
            s.wrongPin();
            s.wrongPin();
        }
        Path newest = copyAside(f);
        putBack(full, f);
        assertThatThrownBy(() -> new TriesStore(f).close()).isInstanceOf(CardStoreException.class)
                .hasMessage("card store " + f + " was rolled back (generation 1, expected 3): put back the newest copy of the store,"
                        + " or restore the matching t.sfn.key/.gen, or re-personalize the card");
        putBack(newest, f);
        try (TriesStore s = new TriesStore(f)) {
            assertThat(s.left()).isEqualTo(1);
        }
    }

    @Test
    void sixWrongPinsWithACopyPutBackAfterEachBlockTheCardAfterThree() throws Exception {
        Path f = store();
        for (int i = 0; i < 6; i++) {
            Path before = copyAside(f);
            boolean wrote;
            try (TriesStore s = new TriesStore(f)) {
                wrote = s.left() > 0;
                if (wrote) {
                    s.wrongPin();
                }
            }
            Path after = copyAside(f);
            putBack(before, f);
            if (wrote) {
                assertThatThrownBy(() -> new TriesStore(f).close()).hasMessageContaining("was rolled back");
            }
            putBack(after, f);
        }
        try (TriesStore s = new TriesStore(f)) {
            assertThat(s.left()).isZero();
        }
    }

    @Test
    void aCrashAfterTheCounterWriteStillOpensAndNeverReusesAGeneration() throws Exception {
        Path f = store();
        try (TriesStore s = new TriesStore(f)) {
            s.wrongPin(); // generation 2, tries 2
        }
        Path two = copyAside(f);
        // crash after "writing 3" reached the disk, before the store did
        new StoreGeneration(2, 3).write(f);
        try (TriesStore s = new TriesStore(f)) {
            assertThat(s.left()).isEqualTo(2);
            s.wrongPin(); // generation 4: 3 may have been written by the crashed process
        }
        assertThat(StoreGeneration.read(f)).isEqualTo(new StoreGeneration(4, 0));
        putBack(two, f);
        assertThatThrownBy(() -> new TriesStore(f).close()).hasMessageContaining("was rolled back (generation 2, expected 4)");
    }

    @Test
    void aCrashAfterTheStoreWriteBeforeTheCommitOpensTheNewStore() throws Exception {
        Path f = store();
        try (TriesStore s = new TriesStore(f)) {
            s.wrongPin(); // generation 2
        }
        new StoreGeneration(1, 2).write(f); // the commit of generation 2 never reached the disk
        try (TriesStore s = new TriesStore(f)) {
            assertThat(s.left()).isEqualTo(2);
        }
    }

    @Test
    void aMissingOrRolledBackCounterIsRefused() throws Exception {
        Path f = store();
        Path counter = StoreGeneration.file(f);
        Path old = Files.copy(counter, dir.resolve("old.gen"));
        try (TriesStore s = new TriesStore(f)) {
            s.wrongPin();
        }
        Files.copy(old, counter, StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> new TriesStore(f).close()).hasMessageContaining("is newer than its counter")
                .hasMessageContaining("(generation 2, expected 1)");
        Files.delete(counter);
        assertThatThrownBy(() -> new TriesStore(f).close()).hasMessageContaining("has generation 2 but no counter file");
        Files.writeString(counter, "committed = x\n");
        assertThatThrownBy(() -> new TriesStore(f).close()).hasMessageContaining("is corrupt");
    }

    @Test
    void anEarlierVersionsStoreOpensGetsACounterOnItsFirstWriteAndCannotBePutBackAfter() throws Exception {
        Path f = fixture("eap-card.sfn");
        Path legacy = copyAside(f);
        assertThat(StoreGeneration.file(f)).doesNotExist();
        try (EapCardStore s = EapCardStore.open(f)) {
            s.update(s.image());
        }
        assertThat(StoreGeneration.read(f)).isEqualTo(new StoreGeneration(1, 0));
        putBack(legacy, f);
        assertThatThrownBy(() -> EapCardStore.open(f).close()).hasMessageContaining("was rolled back (generation 0, expected 1)");
    }

    @Test
    void theSimStoreIsBoundToItsCounterToo() throws Exception {
        Path f = fixture("usim.sim");
        try (SimCardStore s = SimCardStore.open(f)) {
            s.update(s.image());
        }
        Path one = copyAside(f);
        try (SimCardStore s = SimCardStore.open(f)) {
            SimImage img = s.image();
            img.pin().triesLeft--;
            s.update(img);
        }
        putBack(one, f);
        assertThatThrownBy(() -> SimCardStore.open(f).close()).hasMessageContaining("was rolled back (generation 1, expected 2)");
    }

    /** A copy of the fixture {@code name} and its key file. */
    private Path fixture(String name) throws IOException {
        for (String n : new String[] {name, name + ".key"}) {
            try (InputStream in = getClass().getResourceAsStream("/stores/" + n)) {
                Files.copy(in, dir.resolve(n));
            }
        }
        return dir.resolve(name);
    }
}
