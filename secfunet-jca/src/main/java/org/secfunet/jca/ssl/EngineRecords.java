package org.secfunet.jca.ssl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.secfunet.tls.RecordEngine;

/**
 * {@link RecordEngine} behind {@code SSLEngine.wrap} and {@code unwrap} once the handshake is done:
 * gathering and scattering buffers, statuses mapped, several control records handled in one
 * unwrap until application data comes out.
 */
final class EngineRecords {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private EngineRecords() {
    }

    /** Application data from {@code srcs} into records in {@code dst}, after what the record layer must send first. */
    static SSLEngineResult seal(RecordEngine r, ByteBuffer[] srcs, int offset, int length, ByteBuffer dst, Supplier<HandshakeStatus> hs) throws SSLException {
        int consumed = 0;
        int produced = 0;
        try {
            RecordEngine.Result res = r.seal(EMPTY, dst); // what the record layer must send first
            produced += res.produced();
            if (res.status() == RecordEngine.Status.CLOSED || res.status() == RecordEngine.Status.BUFFER_OVERFLOW) {
                return new SSLEngineResult(map(res.status()), hs.get(), 0, produced);
            }
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer src = srcs[i];
                if (!src.hasRemaining()) {
                    continue;
                }
                res = r.seal(src, dst);
                consumed += res.consumed();
                produced += res.produced();
                if (res.status() != RecordEngine.Status.OK || src.hasRemaining()) {
                    if (res.status() == RecordEngine.Status.BUFFER_OVERFLOW && produced > 0) {
                        break; // some data went out: OK, the caller comes back with room
                    }
                    if (res.status() != RecordEngine.Status.OK) {
                        return new SSLEngineResult(map(res.status()), hs.get(), consumed, produced);
                    }
                    break;
                }
            }
            return new SSLEngineResult(Status.OK, hs.get(), consumed, produced);
        } catch (IOException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    /** Records until application data comes out, the source runs short or the connection closes. */
    static SSLEngineResult open(RecordEngine r, ByteBuffer src, ByteBuffer[] dsts, int offset, int length, Supplier<HandshakeStatus> hs) throws SSLException {
        int room = 0;
        for (int i = offset; i < offset + length; i++) {
            room += dsts[i].remaining();
        }
        ByteBuffer app = length == 1 ? dsts[offset] : ByteBuffer.allocate(Math.min(room, RecordEngine.MAX_PLAINTEXT));
        int consumed = 0;
        try {
            while (true) {
                RecordEngine.Result res = r.open(src, app);
                consumed += res.consumed();
                if (res.status() != RecordEngine.Status.OK || res.produced() > 0 || !src.hasRemaining()) {
                    int produced = res.produced();
                    if (app != dsts[offset]) {
                        app.flip();
                        for (int i = offset; i < offset + length && app.hasRemaining(); i++) {
                            int n = Math.min(app.remaining(), dsts[i].remaining());
                            dsts[i].put(app.slice(app.position(), n));
                            app.position(app.position() + n);
                        }
                    }
                    Status s = res.status() == RecordEngine.Status.BUFFER_UNDERFLOW && consumed > 0 ? Status.OK : map(res.status());
                    return new SSLEngineResult(s, hs.get(), consumed, produced);
                }
            }
        } catch (IOException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private static Status map(RecordEngine.Status s) {
        return switch (s) {
            case OK -> Status.OK;
            case BUFFER_UNDERFLOW -> Status.BUFFER_UNDERFLOW;
            case BUFFER_OVERFLOW -> Status.BUFFER_OVERFLOW;
            case CLOSED -> Status.CLOSED;
        };
    }
}
