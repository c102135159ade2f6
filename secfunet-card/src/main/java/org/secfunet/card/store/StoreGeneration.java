package org.secfunet.card.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The write counter of a sealed store, kept in {@code FILE.gen} (mode 0600) beside the key. Every
 * write of the store is a new generation, sealed into the store itself; the counter records which
 * generation the store on disk must have, so an older copy of the store put back is refused.
 * A write is three steps, each atomic and forced to disk: the counter says "committed C, writing
 * N", the store of generation N replaces the store of generation C, the counter says "committed N".
 * A crash between them leaves a counter that accepts the store on disk, whichever it is; once a
 * write has returned (and only then does a card answer the command that made it), only its
 * generation is accepted. Generations are never reused.
 *
 * @param committed the generation of the store on disk
 * @param writing   the generation being written, 0 when no write is under way
 */
record StoreGeneration(long committed, long writing) {
    private static final String HEADER = "# secfunet card store counter: restore it only together with its store and key\n";
    private static final String COMMITTED = "committed = ";
    private static final String WRITING = "writing = ";
    private static final int MAX_BYTES = 4096;

    /** The counter file of the store {@code store}. */
    static Path file(Path store) {
        return store.resolveSibling(store.getFileName() + ".gen");
    }

    /** The counter of {@code store}; null when it has none (a store written by an earlier version). */
    static StoreGeneration read(Path store) {
        Path f = file(store);
        try {
            if (Files.size(f) > MAX_BYTES) {
                throw corrupt(store);
            }
            long committed = -1;
            long writing = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
                if (line.startsWith(COMMITTED)) {
                    committed = number(store, line.substring(COMMITTED.length()));
                } else if (line.startsWith(WRITING)) {
                    writing = number(store, line.substring(WRITING.length()));
                } else if (!line.startsWith("#")) {
                    throw corrupt(store);
                }
            }
            if (committed < 0 || writing != 0 && writing <= committed) {
                throw corrupt(store);
            }
            return new StoreGeneration(committed, writing);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CardStoreException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the counter of {@code store} (atomically, forced to disk). */
    void write(Path store) throws IOException {
        String text = HEADER + COMMITTED + committed + "\n" + (writing == 0 ? "" : WRITING + writing + "\n");
        AtomicFiles.write(file(store), text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether the store on disk may have {@code generation}: the committed one, or the one being written. */
    boolean accepts(long generation) {
        return generation == committed || writing != 0 && generation == writing;
    }

    /** The generation the next write takes: above every one this counter names. */
    long next() {
        return Math.max(committed, writing) + 1;
    }

    /**
     * Checks that a store of {@code generation} (0: written by an earlier version, which has no
     * counter) may be opened under {@code counter}; returns the generation of the next write.
     */
    static long check(Path store, StoreGeneration counter, long generation) {
        String fix = ": put back the newest copy of the store, or restore the matching " + store.getFileName() + ".key/.gen, or re-personalize the card";
        if (counter == null) {
            if (generation != 0) {
                throw new CardStoreException("card store " + store + " has generation " + generation + " but no counter file "
                        + file(store) + fix);
            }
            return 1;
        }
        if (counter.accepts(generation)) {
            return counter.next();
        }
        if (generation < counter.committed) {
            throw new CardStoreException("card store " + store + " was rolled back (generation " + generation + ", expected "
                    + counter.committed + ")" + fix);
        }
        throw new CardStoreException("card store " + store + " is newer than its counter " + file(store) + " (generation "
                + generation + ", expected " + counter.committed + "), which was rolled back" + fix);
    }

    private static long number(Path store, String digits) {
        if (!digits.matches("[0-9]{1,18}")) {
            throw corrupt(store);
        }
        return Long.parseLong(digits);
    }

    private static CardStoreException corrupt(Path store) {
        return new CardStoreException("counter file " + file(store) + " is corrupt: restore it with its store, or re-personalize the card");
    }
}
