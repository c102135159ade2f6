package org.secfunet.card.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A card store file held by one process at a time (exclusive lock on {@code FILE.lock}), read with a size cap. */
public final class StoreLock implements AutoCloseable {
    /** Hard cap on a store file's size: a parser never reads more. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Reads the whole file, refusing files over the cap, with messages that name the file. */
    public static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new CardStoreException("card store " + file + " is " + size + " bytes, over the " + MAX_FILE_BYTES + "-byte limit");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CardStoreException("card store " + file + " does not exist (create one with: secfunet vcard create " + file
                    + " or secfunet card init --store " + file + ")");
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A store's lock and the file's content read while holding it. */
    public record Locked(StoreLock lock, byte[] bytes) {
    }

    /**
     * Takes the store's lock, then reads the file under it, so what is read is what this holder
     * updates (a store released by another process just before cannot be read stale). A missing
     * store is reported before any lock file is made.
     */
    public static Locked lockAndRead(Path file) {
        if (!Files.exists(file)) {
            read(file); // the "does not exist" message
        }
        StoreLock l = lock(file);
        try {
            return new Locked(l, read(file));
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** The first {@code n} bytes of a store (to tell its kind), with the same messages as {@link #read}. */
    public static byte[] head(Path file, int n) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (NoSuchFileException e) {
            return read(file); // the "does not exist" message
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Takes the store's lock or says who holds it. */
    public static StoreLock lock(Path file) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new CardStoreException("card store " + file + " is in use by another process");
            }
            removeStaleTemporaries(file);
            return new StoreLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new CardStoreException("card store " + file + " is already open in this process");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CardStoreException("cannot lock card store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A writer killed between writing its temporary file and renaming it leaves the temporary
     * behind (the store itself is whole). Holding the lock, no writer is running: remove them.
     */
    private static void removeStaleTemporaries(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".tmp-";
        try (var entries = Files.newDirectoryStream(dir, e -> e.getFileName().toString().startsWith(prefix))) {
            for (Path stale : entries) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException ignored) {
            // best effort: they are never read
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
