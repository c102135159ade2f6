package org.secfunet.radius.aka;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bound UNIX-domain datagram socket (Linux), the transport hostapd uses to ask an
 * authentication centre (its eap_sim_db "unix:" interface). The JDK offers UNIX-domain sockets only
 * as streams, so this calls libc through JNA: socket, bind, recvfrom with a receive timeout, sendto.
 */
public final class UnixDatagramSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int PATH_MAX = 108;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        long recvfrom(int fd, byte[] buffer, long length, int flags, byte[] from, IntByReference fromLength) throws LastErrorException;

        long sendto(int fd, byte[] buffer, long length, int flags, byte[] to, int toLength) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    /** One datagram and the address of its sender (to answer to). */
    public record Datagram(byte[] data, byte[] from, int fromLength) {
    }

    private final int fd;
    private final Path path;
    private volatile boolean closed;

    private UnixDatagramSocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** Binds a new socket at {@code path} (a stale socket file there is replaced), with a receive timeout. */
    public static UnixDatagramSocket bind(Path path, int receiveTimeoutMillis) throws IOException {
        byte[] addr = address(path);
        Files.deleteIfExists(path);
        int fd;
        try {
            fd = Holder.C.socket(AF_UNIX, SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot create a UNIX datagram socket: errno " + e.getErrorCode());
        }
        try {
            Holder.C.bind(fd, addr, addr.length);
            byte[] tv = new byte[16]; // struct timeval { long sec; long usec; } on 64-bit Linux
            putLong(tv, 0, receiveTimeoutMillis / 1000);
            putLong(tv, 8, (receiveTimeoutMillis % 1000) * 1000L);
            Holder.C.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tv.length);
        } catch (LastErrorException e) {
            Holder.C.close(fd);
            throw new IOException("cannot bind the UNIX datagram socket " + path + ": errno " + e.getErrorCode());
        }
        return new UnixDatagramSocket(fd, path);
    }

    /** The next datagram, or null when the receive timeout passed (so the caller can check for shutdown). */
    public Datagram receive(int maxBytes) throws IOException {
        byte[] buf = new byte[maxBytes];
        byte[] from = new byte[2 + PATH_MAX];
        IntByReference fromLength = new IntByReference(from.length);
        try {
            long n = Holder.C.recvfrom(fd, buf, buf.length, 0, from, fromLength);
            byte[] data = java.util.Arrays.copyOf(buf, (int) n);
            return new Datagram(data, from, fromLength.getValue());
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                return null;
            }
            if (closed) {
                return null;
            }
            throw new IOException("receive on " + path + " failed: errno " + e.getErrorCode());
        }
    }

    public void send(byte[] data, byte[] to, int toLength) throws IOException {
        try {
            Holder.C.sendto(fd, data, data.length, 0, to, toLength);
        } catch (LastErrorException e) {
            throw new IOException("send from " + path + " failed: errno " + e.getErrorCode());
        }
    }

    /** Sends to a bound path (tests, a client). */
    public void sendTo(byte[] data, Path to) throws IOException {
        byte[] addr = address(to);
        send(data, addr, addr.length);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Holder.C.close(fd);
        } catch (LastErrorException ignored) {
            // already closed
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // leave it
        }
    }

    static byte[] address(Path path) throws IOException {
        byte[] p = path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= PATH_MAX) {
            throw new IOException("socket path " + path + " is longer than " + (PATH_MAX - 1) + " bytes");
        }
        byte[] a = new byte[2 + p.length + 1];
        a[0] = (byte) AF_UNIX; // sa_family, little-endian
        System.arraycopy(p, 0, a, 2, p.length);
        return a;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
