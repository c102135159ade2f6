package org.secfunet.card.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A sealed store for the store tests: its image is its bytes, byte 0 plays the PIN tries left. */
final class TriesStore extends SealedStore<byte[]> {
    static final ImageFormat<byte[]> FORMAT = new ImageFormat<>("SFNTEST1".getBytes(StandardCharsets.US_ASCII), "a test store",
            byte[]::clone, (f, b) -> b.clone(), byte[]::clone);

    TriesStore(Path file) {
        super(file, FORMAT);
    }

    /** A new store with 3 tries. */
    static Path create(Path file) {
        SealedStore.create(file, FORMAT, new byte[] {3});
        return file;
    }

    int left() {
        return image()[0];
    }

    /** Counts one try on disk, as a PIN command does before comparing. */
    void wrongPin() {
        update(new byte[] {(byte) (left() - 1)});
    }
}
