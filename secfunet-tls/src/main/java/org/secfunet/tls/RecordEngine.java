package org.secfunet.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.KeyUpdateRequest;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * The host's record layer on buffers, for an {@code SSLEngine}: the same protocol as
 * {@link TlsConnection} (application data; TLS 1.3 NewSessionTicket dropped and KeyUpdate
 * followed; alerts and close_notify; TLS 1.2 renegotiation refused once with a warning; record size
 * limits) with no I/O. {@link #open} handles one record per call and leaves an incomplete one in
 * the buffer ({@link Status#BUFFER_UNDERFLOW}); both methods leave everything in place when the
 * destination may be too small ({@link Status#BUFFER_OVERFLOW}: for {@link #open}, smaller than the
 * record's ciphertext less its fixed overhead, as the TLS 1.3 padding is known only once decrypted;
 * a destination of {@link #MAX_PLAINTEXT} bytes always does). Records the layer must send on its own
 * (a KeyUpdate answer, a renegotiation refusal, a fatal alert, close_notify) wait in
 * {@link #hasOutput()} and go out first on the next {@link #seal}.
 *
 * <p>{@link #seal} and {@link #open} may run on two threads at once (each direction has its lock);
 * each on its own is not for concurrent callers.
 */
public final class RecordEngine {
    /** The largest record this layer sends or takes, header included (TLS 1.2's ciphertext limit). */
    public static final int MAX_RECORD = 5 + (1 << 14) + 2048;
    /** The most application data one record carries. */
    public static final int MAX_PLAINTEXT = RecordProtection.MAX_PLAINTEXT;
    private static final int MAX_CIPHERTEXT_13 = (1 << 14) + 256;
    private static final int MAX_CIPHERTEXT_12 = (1 << 14) + 2048;
    private static final int MAX_POST_HANDSHAKE = 1 << 16;

    /** What one call did. */
    public enum Status { OK, BUFFER_UNDERFLOW, BUFFER_OVERFLOW, CLOSED }

    /** A call's status and the bytes it took from its source and put into its destination. */
    public record Result(Status status, int consumed, int produced) {
    }

    private final boolean tls13;
    private final RecordProtection read;
    private final RecordProtection write;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /** Whole protected records waiting to be sent, oldest first (guarded by writeLock). */
    private final ArrayDeque<byte[]> output = new ArrayDeque<>();
    private final ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    /** Each record's content, decrypted (guarded by readLock). */
    private final byte[] plain = new byte[MAX_CIPHERTEXT_12];
    private byte[] openBuffer = new byte[0];
    /** Reused when sealing with buffers that have no array (guarded by writeLock): the plaintext, the record. */
    private byte[] sealIn = new byte[0];
    private byte[] sealOut = new byte[0];
    private boolean closeQueued;
    private boolean outboundDone;
    private volatile boolean inboundDone;
    private boolean renegotiationRefused;
    private int keyUpdatesReceived;

    /** The host as TLS client (writes with the client keys); {@code keys} are wiped. */
    public RecordEngine(ExportedKeys keys) {
        RecordProtection.Pair p = RecordProtection.client(keys);
        this.tls13 = p.tls13();
        this.read = p.read();
        this.write = p.write();
    }

    public boolean tls13() {
        return tls13;
    }

    /**
     * Protects application data from {@code app} into {@code net}, after any record waiting in
     * {@link #hasOutput()}: as many whole records (at most 2^14 bytes of data each)
     * as {@code net} holds. {@link Status#CLOSED} once close_notify has gone out.
     */
    public Result seal(ByteBuffer app, ByteBuffer net) throws IOException {
        synchronized (writeLock) {
            int start = net.position();
            while (!output.isEmpty()) {
                byte[] r = output.peek();
                if (net.remaining() < r.length) {
                    return new Result(Status.BUFFER_OVERFLOW, 0, net.position() - start);
                }
                net.put(output.poll());
            }
            if (closeQueued) {
                outboundDone = true;
                write.wipe();
                return new Result(Status.CLOSED, 0, net.position() - start);
            }
            int consumed = 0;
            while (app.hasRemaining()) {
                int n = Math.min(app.remaining(), MAX_PLAINTEXT);
                if (net.remaining() < n + write.overhead()) {
                    if (consumed == 0 && net.position() == start) {
                        return new Result(Status.BUFFER_OVERFLOW, 0, 0);
                    }
                    break;
                }
                sealInto(app, n, net);
                consumed += n;
            }
            return new Result(Status.OK, consumed, net.position() - start);
        }
    }

    /** Records waiting to be sent by the next {@link #seal} (which may be given no data). */
    public boolean hasOutput() {
        synchronized (writeLock) {
            return !output.isEmpty() || closeQueued && !outboundDone;
        }
    }

    /**
     * Opens one record from {@code net}: application data into {@code app}; a post-handshake
     * message or warning is handled with nothing produced. {@link Status#CLOSED} at the server's
     * close_notify (and after it).
     *
     * @throws TlsAlertException the server sent a fatal alert, or its record is refused (the alert
     *                           answering it waits in {@link #hasOutput()}); the inbound side is then done
     */
    public Result open(ByteBuffer net, ByteBuffer app) throws IOException {
        synchronized (readLock) {
            if (inboundDone) {
                return new Result(Status.CLOSED, 0, 0);
            }
            if (net.remaining() < 5) {
                return new Result(Status.BUFFER_UNDERFLOW, 0, 0);
            }
            int p = net.position();
            int len = ((net.get(p + 3) & 0xFF) << 8) | (net.get(p + 4) & 0xFF);
            if (len > (tls13 ? MAX_CIPHERTEXT_13 : MAX_CIPHERTEXT_12)) {
                throw fail(AlertDescription.record_overflow, "the server sent a record of " + len + " bytes, over the limit (record_overflow)");
            }
            if (net.remaining() < 5 + len) {
                return new Result(Status.BUFFER_UNDERFLOW, 0, 0);
            }
            if (app.remaining() < Math.clamp(len - (read.overhead() - 5), 0, MAX_PLAINTEXT)) {
                return new Result(Status.BUFFER_OVERFLOW, 0, 0); // checked before decrypting: the record stays whole
            }
            byte[] src;
            int srcOff;
            if (net.hasArray()) {
                src = net.array();
                srcOff = net.arrayOffset() + p;
            } else {
                src = scratch(5 + len);
                srcOff = 0;
                net.get(p, src, 0, 5 + len);
            }
            net.position(p + 5 + len); // the record is taken, whether it opens or not
            RecordProtection.Opened o;
            try {
                // decrypted into this engine's buffer, not in place: twice as fast with the JDK's AEADs
                o = read.open(src, srcOff, len, plain, 0);
            } catch (TlsAlertException e) {
                throw fail(e.description(), e.getMessage());
            }
            switch (o.type()) {
                case ContentType.application_data -> {
                    app.put(o.buffer(), o.offset(), o.length());
                    return new Result(Status.OK, 5 + len, o.length());
                }
                case ContentType.alert -> {
                    return alert(o.data(), 5 + len);
                }
                case ContentType.handshake -> {
                    handshake(o.data());
                    return new Result(Status.OK, 5 + len, 0);
                }
                default -> throw fail(AlertDescription.unexpected_message, "unexpected record type " + o.type() + " after the handshake");
            }
        }
    }

    private Result alert(byte[] a, int consumed) throws IOException {
        if (a.length != 2) {
            throw fail(AlertDescription.decode_error, "malformed alert");
        }
        int level = a[0] & 0xFF;
        int desc = a[1] & 0xFF;
        if (desc == AlertDescription.close_notify) {
            inboundDone = true;
            read.wipe();
            return new Result(Status.CLOSED, consumed, 0);
        }
        if (level == AlertLevel.warning && (!tls13 || desc == AlertDescription.user_canceled)) {
            return new Result(Status.OK, consumed, 0); // a TLS 1.2 warning, or user_canceled (a closure alert, RFC 8446 §6.1)
        }
        inboundDone = true;
        read.wipe();
        throw new TlsAlertException("the server sent alert " + Alerts.name(desc), desc);
    }

    /** Post-handshake messages, possibly several per record or split across records (reassembly capped). */
    private void handshake(byte[] data) throws IOException {
        handshake.writeBytes(data);
        byte[] buf = handshake.toByteArray();
        int off = 0;
        while (buf.length - off >= 4) {
            int type = buf[off] & 0xFF;
            int len = ((buf[off + 1] & 0xFF) << 16) | ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
            if (len > MAX_POST_HANDSHAKE) {
                throw fail(AlertDescription.decode_error, "post-handshake message of " + len + " bytes refused");
            }
            if (buf.length - off - 4 < len) {
                break;
            }
            byte[] body = Arrays.copyOfRange(buf, off + 4, off + 4 + len);
            off += 4 + len;
            switch (type) {
                case HandshakeType.new_session_ticket -> { } // no resumption from the host
                case HandshakeType.key_update -> keyUpdate(body);
                case HandshakeType.hello_request -> {
                    if (tls13) {
                        throw fail(AlertDescription.unexpected_message, "unexpected HelloRequest in TLS 1.3");
                    }
                    if (!renegotiationRefused) {
                        renegotiationRefused = true; // refused once, later requests ignored (RFC 5246 §7.4.1.1)
                        queue(ContentType.alert, new byte[] {AlertLevel.warning, AlertDescription.no_renegotiation}, false);
                    }
                }
                default -> throw fail(AlertDescription.unexpected_message, "unexpected handshake message " + type + " after the handshake");
            }
        }
        handshake.reset();
        handshake.write(buf, off, buf.length - off);
    }

    private void keyUpdate(byte[] body) throws IOException {
        if (!tls13 || body.length != 1 || (body[0] & 0xFF) > KeyUpdateRequest.update_requested) {
            throw fail(AlertDescription.decode_error, "malformed KeyUpdate");
        }
        read.update();
        keyUpdatesReceived++;
        if (body[0] == KeyUpdateRequest.update_requested) {
            queue(ContentType.handshake, keyUpdateMessage(KeyUpdateRequest.update_not_requested), true); // under the old key
        }
    }

    /**
     * Updates our sending keys (TLS 1.3), asking the server to update its own when
     * {@code requestPeerUpdate}: the KeyUpdate goes out on the next {@link #seal}.
     */
    public void updateKeys(boolean requestPeerUpdate) throws IOException {
        if (!tls13) {
            throw new IllegalStateException("KeyUpdate is TLS 1.3 only");
        }
        queue(ContentType.handshake, keyUpdateMessage(requestPeerUpdate ? KeyUpdateRequest.update_requested : KeyUpdateRequest.update_not_requested), true);
    }

    private static byte[] keyUpdateMessage(short request) {
        return new byte[] {HandshakeType.key_update, 0, 0, 1, (byte) request};
    }

    /** Queues close_notify (once): the next {@link #seal} sends it and the outbound side is done. */
    public void closeOutbound() {
        synchronized (writeLock) {
            if (!closeQueued) {
                closeQueued = true;
                if (!outboundDone) {
                    try {
                        output.add(sealRecord(ContentType.alert, new byte[] {AlertLevel.warning, AlertDescription.close_notify}));
                    } catch (IOException e) {
                        outboundDone = true; // nothing more can be protected
                    }
                }
            }
        }
    }

    /** No more reading: the server closed, failed, or the reader gave up. */
    public void closeInbound() {
        synchronized (readLock) {
            inboundDone = true;
            read.wipe();
        }
    }

    public boolean inboundDone() {
        return inboundDone;
    }

    public boolean outboundDone() {
        synchronized (writeLock) {
            return outboundDone;
        }
    }

    public int keyUpdatesReceived() {
        synchronized (readLock) {
            return keyUpdatesReceived;
        }
    }

    /** A fatal alert queued for the server, the inbound side done, and the exception naming it. */
    private TlsAlertException fail(int desc, String message) {
        inboundDone = true;
        read.wipe();
        synchronized (writeLock) {
            if (!closeQueued) {
                try {
                    output.add(sealRecord(ContentType.alert, new byte[] {AlertLevel.fatal, (byte) desc}));
                } catch (IOException ignored) {
                    // failing anyway
                }
                closeQueued = true;
            }
        }
        return new TlsAlertException(message, desc);
    }

    private void queue(int type, byte[] content, boolean thenUpdate) throws IOException {
        synchronized (writeLock) {
            if (closeQueued) {
                return; // nothing is sent after close_notify
            }
            output.add(sealRecord(type, content));
            if (thenUpdate) {
                write.update();
            }
        }
    }

    /**
     * Seals {@code n} bytes of {@code app} as one application data record into {@code net}, which has
     * the room: straight between the buffers' arrays when they have them, through a reused array otherwise.
     */
    private void sealInto(ByteBuffer app, int n, ByteBuffer net) throws IOException {
        byte[] src;
        int srcOff;
        if (app.hasArray()) {
            src = app.array();
            srcOff = app.arrayOffset() + app.position();
        } else {
            if (sealIn.length < n) {
                sealIn = new byte[MAX_PLAINTEXT];
            }
            src = sealIn;
            srcOff = 0;
            app.get(app.position(), src, 0, n);
        }
        try {
            if (net.hasArray()) {
                int len = write.seal(ContentType.application_data, src, srcOff, n, net.array(), net.arrayOffset() + net.position());
                net.position(net.position() + len);
            } else {
                if (sealOut.length < n + write.overhead()) {
                    sealOut = new byte[MAX_RECORD];
                }
                byte[] rec = sealOut;
                int len = write.seal(ContentType.application_data, src, srcOff, n, rec, 0);
                net.put(rec, 0, len);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot protect a record: " + e.getMessage(), e);
        }
        app.position(app.position() + n);
    }

    /** A reused array for a record read from a buffer that has no array (guarded by readLock). */
    private byte[] scratch(int size) {
        if (openBuffer.length < size) {
            openBuffer = new byte[MAX_RECORD];
        }
        return openBuffer;
    }

    private byte[] sealRecord(int type, byte[] content) throws IOException {
        try {
            return write.seal(type, content, 0, content.length);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot protect a record: " + e.getMessage(), e);
        }
    }
}
