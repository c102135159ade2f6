package org.secfunet.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.KeyUpdateRequest;
import org.secfunet.pcsc.eapcard.ExportedKeys;

/**
 * The host's TLS record layer after the card did the handshake: application data both ways,
 * TLS 1.3 post-handshake messages (NewSessionTicket dropped, KeyUpdate followed in both
 * directions), alerts, close_notify, record size limits; TLS 1.2 renegotiation is refused.
 * Socket-like: {@link #getInputStream()} and {@link #getOutputStream()}. Not thread-safe per direction.
 */
public final class TlsConnection implements AutoCloseable {
    private static final int MAX_CIPHERTEXT_13 = (1 << 14) + 256;
    private static final int MAX_CIPHERTEXT_12 = (1 << 14) + 2048;

    private final InputStream in;
    private final OutputStream out;
    private final boolean tls13;
    private final RecordProtection read;
    private final RecordProtection write;
    private final ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    /** Records sealed per socket write, at most. */
    private static final int WRITE_BATCH = 4;
    /** One record as read (header and body), reused for every record. */
    private final byte[] readBuffer = new byte[5 + MAX_CIPHERTEXT_12];
    /** The last record's content, decrypted; {@link #pending} points into it. */
    private final byte[] plainBuffer = new byte[MAX_CIPHERTEXT_12];
    /** Records being sealed for one write (guarded by this); grows up to {@link #WRITE_BATCH} records. */
    private byte[] writeBuffer = new byte[0];
    private byte[] pending = new byte[0];
    private int pendingOff;
    private int pendingEnd;
    private boolean closedByPeer;
    private boolean closed;
    private long bytesRead;
    private long bytesWritten;
    private int keyUpdatesReceived;
    private boolean renegotiationRefused;

    /** The host as TLS client: it writes with the client keys and reads with the server keys. */
    public TlsConnection(ExportedKeys keys, InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
        RecordProtection.Pair p = RecordProtection.client(keys);
        this.tls13 = p.tls13();
        this.write = p.write();
        this.read = p.read();
    }

    /** Sends application data (split into records of at most 2^14 bytes). */
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the TLS connection is closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int overhead = write.overhead();
        for (int o = off; o < off + len; ) {
            // up to WRITE_BATCH records sealed into one reused buffer, then one write
            int want = Math.min(off + len - o, WRITE_BATCH * RecordProtection.MAX_PLAINTEXT);
            int room = want + overhead * ((want + RecordProtection.MAX_PLAINTEXT - 1) / RecordProtection.MAX_PLAINTEXT);
            if (writeBuffer.length < room) {
                writeBuffer = new byte[Math.max(room, Math.min(2 * writeBuffer.length, WRITE_BATCH * (RecordProtection.MAX_PLAINTEXT + overhead)))];
            }
            int used = 0;
            for (int end = o + want; o < end; ) {
                int n = Math.min(RecordProtection.MAX_PLAINTEXT, end - o);
                used += seal(ContentType.application_data, b, o, n, writeBuffer, used);
                o += n;
            }
            out.write(writeBuffer, 0, used);
        }
        out.flush();
        bytesWritten += len;
    }

    /** Application data; -1 at close_notify or end of stream. */
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0; // InputStream's contract: no bytes asked, none read, no blocking (readNBytes ends this way)
        }
        while (pendingOff >= pendingEnd) {
            if (closedByPeer) {
                return -1;
            }
            if (!nextRecord()) {
                return -1;
            }
        }
        int n = Math.min(len, pendingEnd - pendingOff);
        System.arraycopy(pending, pendingOff, b, off, n);
        pendingOff += n;
        bytesRead += n;
        return n;
    }

    /** Reads and handles one record; false at close_notify or EOF. */
    private boolean nextRecord() throws IOException {
        byte[] record = readBuffer;
        int h = in.readNBytes(record, 0, 5);
        if (h == 0) {
            closedByPeer = true;
            return false;
        }
        if (h < 5) {
            throw new EOFException("connection closed in the middle of a record header");
        }
        int len = ((record[3] & 0xFF) << 8) | (record[4] & 0xFF);
        if (len > (tls13 ? MAX_CIPHERTEXT_13 : MAX_CIPHERTEXT_12)) {
            sendAlert(AlertDescription.record_overflow);
            throw new TlsAlertException("the server sent a record of " + len + " bytes, over the limit (record_overflow)", AlertDescription.record_overflow);
        }
        if (in.readNBytes(record, 5, len) < len) {
            throw new EOFException("connection closed in the middle of a record");
        }
        // after the peer's Finished every record is protected: a plaintext ChangeCipherSpec or alert
        // here is an injected record (RFC 8446 §5, RFC 5246 §7.1), never accepted. The content is
        // decrypted into the plaintext buffer, which the previous record's content no longer needs.
        RecordProtection.Opened o = read.open(record, 0, len, plainBuffer, 0);
        switch (o.type()) {
            case ContentType.application_data -> {
                pending = o.buffer();
                pendingOff = o.offset();
                pendingEnd = o.offset() + o.length();
                return true;
            }
            case ContentType.alert -> {
                return alert(o.data());
            }
            case ContentType.handshake -> {
                handshake(o.data());
                return true;
            }
            default -> {
                sendAlert(AlertDescription.unexpected_message);
                throw new TlsAlertException("unexpected record type " + o.type() + " after the handshake", AlertDescription.unexpected_message);
            }
        }
    }

    private boolean alert(byte[] a) throws IOException {
        if (a.length != 2) {
            throw new TlsAlertException("malformed alert", AlertDescription.decode_error);
        }
        int level = a[0] & 0xFF;
        int desc = a[1] & 0xFF;
        if (desc == AlertDescription.close_notify) {
            closedByPeer = true;
            return false;
        }
        if (level == AlertLevel.warning && !tls13) {
            return true; // a TLS 1.2 warning
        }
        closedByPeer = true;
        throw new TlsAlertException("the server sent alert " + Alerts.name(desc), desc);
    }

    /** Post-handshake messages, possibly several per record or split across records. */
    private void handshake(byte[] data) throws IOException {
        handshake.writeBytes(data);
        byte[] buf = handshake.toByteArray();
        int off = 0;
        while (buf.length - off >= 4) {
            int type = buf[off] & 0xFF;
            int len = ((buf[off + 1] & 0xFF) << 16) | ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
            if (len > 1 << 16) {
                throw new TlsAlertException("post-handshake message of " + len + " bytes refused", AlertDescription.decode_error);
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
                        unexpected(type); // no HelloRequest in TLS 1.3 (RFC 8446 §4)
                    }
                    if (!renegotiationRefused) {
                        // renegotiation refused once; later requests ignored (RFC 5246 §7.4.1.1 allows both), so that
                        // a server cannot make the host write an alert for every 4 bytes it sends
                        sendWarning(AlertDescription.no_renegotiation);
                        renegotiationRefused = true;
                    }
                }
                default -> unexpected(type);
            }
        }
        handshake.reset();
        handshake.write(buf, off, buf.length - off);
    }

    private void unexpected(int handshakeType) throws TlsAlertException {
        sendAlert(AlertDescription.unexpected_message);
        throw new TlsAlertException("unexpected handshake message " + handshakeType + " after the handshake", AlertDescription.unexpected_message);
    }

    private void keyUpdate(byte[] body) throws IOException {
        if (!tls13 || body.length != 1 || (body[0] & 0xFF) > KeyUpdateRequest.update_requested) {
            sendAlert(AlertDescription.decode_error);
            throw new TlsAlertException("malformed KeyUpdate", AlertDescription.decode_error);
        }
        read.update();
        keyUpdatesReceived++;
        if (body[0] == KeyUpdateRequest.update_requested) {
            synchronized (this) {
                out.write(seal(ContentType.handshake, keyUpdateMessage(KeyUpdateRequest.update_not_requested), 0, 5)); // under the old key
                out.flush();
                write.update();
            }
        }
    }

    /** Asks the server to update its keys too (TLS 1.3) after updating ours. */
    public synchronized void updateKeys(boolean requestPeerUpdate) throws IOException {
        if (!tls13) {
            throw new IllegalStateException("KeyUpdate is TLS 1.3 only");
        }
        out.write(seal(ContentType.handshake,
                keyUpdateMessage(requestPeerUpdate ? KeyUpdateRequest.update_requested : KeyUpdateRequest.update_not_requested), 0, 5));
        out.flush();
        write.update();
    }

    /** A KeyUpdate handshake message: type, 3-byte length 1, the request (RFC 8446 §4.6.3). */
    private static byte[] keyUpdateMessage(short request) {
        return new byte[] {HandshakeType.key_update, 0, 0, 1, (byte) request};
    }

    private int seal(int type, byte[] b, int off, int len, byte[] to, int toOff) throws IOException {
        try {
            return write.seal(type, b, off, len, to, toOff);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot protect a record: " + e.getMessage(), e);
        }
    }

    private byte[] seal(int type, byte[] b, int off, int len) throws IOException {
        try {
            return write.seal(type, b, off, len);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot protect a record: " + e.getMessage(), e);
        }
    }

    private synchronized void sendAlert(int desc) {
        try {
            out.write(seal(ContentType.alert, new byte[] {AlertLevel.fatal, (byte) desc}, 0, 2));
            out.flush();
        } catch (IOException ignored) {
            // the connection is failing anyway
        }
        closed = true;
    }

    private synchronized void sendWarning(int desc) throws IOException {
        out.write(seal(ContentType.alert, new byte[] {AlertLevel.warning, (byte) desc}, 0, 2));
        out.flush();
    }

    /**
     * Sends close_notify (once) and wipes the write keys. Reading goes on until the server's own
     * close_notify or end of stream (TLS 1.3 allows that half-close); {@link #dispose()} wipes the rest.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            try {
                out.write(seal(ContentType.alert, new byte[] {AlertLevel.warning, AlertDescription.close_notify}, 0, 2));
                out.flush();
            } catch (IOException ignored) {
                // peer already gone
            }
            closed = true;
        }
        write.wipe();
    }

    /** Closes and wipes every key; no more reading after this. */
    public void dispose() {
        close();
        synchronized (read) {
            closedByPeer = true;
            read.wipe();
        }
    }

    public InputStream getInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = TlsConnection.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0; // InputStream's contract: no bytes asked, none read, no blocking (readNBytes ends this way)
        }
                return TlsConnection.this.read(b, off, len);
            }
        };
    }

    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                TlsConnection.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                TlsConnection.this.write(b, off, len);
            }
        };
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public int keyUpdatesReceived() {
        return keyUpdatesReceived;
    }

    public boolean tls13() {
        return tls13;
    }
}
