package org.secfunet.card.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe replacement of a file: write a temporary file in the same directory (created mode
 * 0600: no other user can ever open it, not even while it is being written), force it to disk,
 * rename it over the target atomically, then force the directory. A crash at any instant leaves
 * either the old or the new content, never a mix.
 */
public final class AtomicFiles {
    /** The only mode a card's files get: the owner reads and writes, nobody else opens them. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        replace(target, content, false).close();
    }

    /**
     * Like {@link #write}, but the new file is locked (exclusively, by this process) before it is
     * renamed into place, so a lock held on the old file is never absent from the path: the caller
     * gets the new file's open, locked channel and closes the old one after.
     */
    static FileChannel writeLocked(Path target, byte[] content) throws IOException {
        return replace(target, content, true);
    }

    /** Opens {@code file} for reading and writing, creating it mode 0600 if absent. */
    static FileChannel openOwnerOnly(Path file, StandardOpenOption... extra) throws IOException {
        Set<StandardOpenOption> options = new java.util.HashSet<>(Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        options.addAll(Set.of(extra));
        if (!isPosix()) {
            return FileChannel.open(file, options);
        }
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        return FileChannel.open(file, options, mode);
    }

    static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileChannel replace(Path target, byte[] content, boolean lock) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        FileChannel ch = null;
        try {
            ch = openOwnerOnly(tmp, StandardOpenOption.CREATE_NEW);
            if (lock) {
                FileLock held = ch.tryLock();
                if (held == null) {
                    throw new IOException("cannot lock the new " + abs.getFileName());
                }
            }
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; a card store needs one", e);
            }
            forceDirectory(dir);
            FileChannel done = ch;
            ch = null;
            return done;
        } finally {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some platforms cannot open a directory; the rename is still atomic
        }
    }
}
