package org.secfunet.card.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A card store file held by one process at a time, read with a size cap. Two exclusive OS locks
 * guard it: one on {@code FILE.lock} and one on the store file itself, carried over to every new
 * version of the store before it is renamed into place ({@link #replace}), so the path always
 * names a locked file while a holder runs. Deleting or replacing {@code FILE.lock} therefore never
 * lets a second process in. Every file is mode 0600: no other user can open one to take a lock on
 * it (a lock file of another owner or mode, left by an earlier version, is replaced first).
 * A store is held once per process too: a second open in this process is refused before any file
 * is opened, since closing a second descriptor of a locked file would drop the OS lock.
 */
public final class StoreLock implements AutoCloseable {
    /** Hard cap on a store file's size: a parser never reads more. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** The stores held by this process, by real path. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path held;
    private final FileChannel lockChannel;
    private FileChannel storeChannel;

    private StoreLock(Path file, Path held, FileChannel lockChannel, FileChannel storeChannel) {
        this.file = file;
        this.held = held;
        this.lockChannel = lockChannel;
        this.storeChannel = storeChannel;
    }

    /** Reads the whole file, refusing files over the cap, with messages that name the file. */
    public static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            checkSize(file, size);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A store's lock and the file's content read while holding it. */
    public record Locked(StoreLock lock, byte[] bytes) {
    }

    /**
     * Takes the store's lock, then reads the file under it (through the locked file), so what is
     * read is what this holder updates. A missing store is reported before any lock file is made.
     */
    public static Locked lockAndRead(Path file) {
        if (!Files.exists(file)) {
            throw missing(file);
        }
        StoreLock l = lock(file);
        try {
            return new Locked(l, l.readLocked());
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** The first {@code n} bytes of a store (to tell its kind), with the same messages as {@link #read}. */
    public static byte[] head(Path file, int n) {
        try {
            if (HELD.contains(file.toRealPath())) {
                throw alreadyOpen(file);
            }
        } catch (IOException e) {
            return read(file); // the "does not exist" message
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the store's lock or says who holds it. A file that does not exist yet gets the lock
     * file's lock alone (its caller reports it missing, in its own words).
     */
    public static StoreLock lock(Path file) {
        boolean exists = Files.exists(file);
        Path held;
        try {
            held = exists ? file.toRealPath() : file.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new CardStoreException("cannot lock card store " + file + ": " + e.getMessage(), e);
        }
        if (!HELD.add(held)) {
            throw alreadyOpen(file);
        }
        FileChannel lockCh = null;
        FileChannel storeCh = null;
        try {
            Path lockFile = lockFile(file);
            replaceForeignLockFile(file, lockFile);
            lockCh = AtomicFiles.openOwnerOnly(lockFile, StandardOpenOption.CREATE);
            if (lockCh.tryLock() == null) {
                throw inUse(file);
            }
            storeCh = exists ? lockStoreFile(file) : null;
            removeStaleTemporaries(file);
            return new StoreLock(file, held, lockCh, storeCh);
        } catch (OverlappingFileLockException e) {
            throw release(held, lockCh, storeCh, alreadyOpen(file));
        } catch (IOException e) {
            throw release(held, lockCh, storeCh, new CardStoreException("cannot lock card store " + file + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw release(held, lockCh, storeCh, e);
        }
    }

    /** The lock file of the store {@code file}. */
    public static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Replaces the store with {@code content} (atomically, forced to disk), the new file locked
     * before it takes the store's name; the old file's lock is released after.
     */
    synchronized void replace(byte[] content) throws IOException {
        FileChannel next = AtomicFiles.writeLocked(file, content);
        FileChannel old = storeChannel;
        storeChannel = next;
        closeQuietly(old);
    }

    private synchronized byte[] readLocked() {
        if (storeChannel == null) {
            throw missing(file); // removed between the check and the lock
        }
        try {
            long size = storeChannel.size();
            checkSize(file, size);
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && storeChannel.read(b, b.position()) >= 0) {
                // read to the end
            }
            return b.array();
        } catch (IOException e) {
            throw new CardStoreException("cannot read card store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Locks the store file itself. The path must name the same file before it was opened and
     * after it was locked: otherwise a holder replaced it meanwhile, and this lock is on an old file.
     */
    private static FileChannel lockStoreFile(Path file) throws IOException {
        Object before = fileKey(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (ch.tryLock() == null || !Objects.equals(before, fileKey(file))) {
                throw inUse(file);
            }
            if (AtomicFiles.isPosix() && !Files.getPosixFilePermissions(file).equals(AtomicFiles.OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, AtomicFiles.OWNER_ONLY); // a copy put in place by hand
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A lock file another user owns, or others may open (left by an earlier version), is replaced by a fresh one of ours. */
    private static void replaceForeignLockFile(Path file, Path lockFile) throws IOException {
        if (!AtomicFiles.isPosix() || !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean ours = Files.getOwner(lockFile, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(file))
                && Files.getPosixFilePermissions(lockFile, LinkOption.NOFOLLOW_LINKS).equals(AtomicFiles.OWNER_ONLY)
                && Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS);
        if (!ours) {
            AtomicFiles.write(lockFile, new byte[0]);
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static void checkSize(Path file, long size) {
        if (size > MAX_FILE_BYTES) {
            throw new CardStoreException("card store " + file + " is " + size + " bytes, over the " + MAX_FILE_BYTES + "-byte limit");
        }
    }

    private static CardStoreException missing(Path file) {
        return new CardStoreException("card store " + file + " does not exist (create one with: secfunet vcard create " + file
                + " or secfunet card init --store " + file + ")");
    }

    private static CardStoreException inUse(Path file) {
        return new CardStoreException("card store " + file + " is in use by another process");
    }

    private static CardStoreException alreadyOpen(Path file) {
        return new CardStoreException("card store " + file + " is already open in this process");
    }

    private static RuntimeException release(Path held, FileChannel lockCh, FileChannel storeCh, RuntimeException e) {
        closeQuietly(storeCh);
        closeQuietly(lockCh);
        HELD.remove(held);
        return e;
    }

    /**
     * A writer killed between writing its temporary file and renaming it leaves the temporary
     * behind (the store itself is whole), and so may one of its counter or lock file. Holding the lock,
     * no writer of this store is running: remove them.
     */
    private static void removeStaleTemporaries(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        Set<String> prefixes = Set.of("." + name + ".tmp-", "." + name + ".gen.tmp-", "." + name + ".lock.tmp-");
        try (var entries = Files.newDirectoryStream(dir, e -> prefixes.stream().anyMatch(e.getFileName().toString()::startsWith))) {
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

    /** Releases both locks (closing a channel releases its lock). */
    @Override
    public synchronized void close() {
        closeQuietly(storeChannel);
        closeQuietly(lockChannel);
        HELD.remove(held);
    }
}
