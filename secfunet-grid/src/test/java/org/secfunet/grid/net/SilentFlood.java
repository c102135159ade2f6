package org.secfunet.grid.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lock-out attack, bounded, for tests: {@code sockets} TCP connections from one loopback
 * address that never send a byte (no TLS ClientHello, so no certificate), each reopened as soon as
 * the server closes it, at most {@link #MAX_OPENS_PER_SECOND} opens a second, on one thread, until
 * closed.
 */
public final class SilentFlood implements AutoCloseable {
    /** Paces the reopening so the run stays bounded in load and in ephemeral ports. */
    static final int MAX_OPENS_PER_SECOND = 400;

    private final InetAddress from;
    private final InetSocketAddress target;
    private final int sockets;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    public SilentFlood(InetAddress from, int port, int sockets) {
        this.from = from;
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.sockets = sockets;
        this.thread = Thread.ofPlatform().name("silent-flood").daemon().start(this::run);
    }

    /** Connections opened so far (reopenings included). */
    public long opened() {
        return opened.get();
    }

    /** Connections open now. */
    public long held() {
        return held.get();
    }

    private void run() {
        long start = System.nanoTime();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try (Selector selector = Selector.open()) {
            int missing = sockets;
            while (!closing) {
                long allowed = MAX_OPENS_PER_SECOND * TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 1000 + sockets;
                while (missing > 0 && opened.get() < allowed && !closing) {
                    if (open(selector)) {
                        missing--;
                    }
                }
                selector.select(5);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    boolean gone;
                    try {
                        if (k.isConnectable()) {
                            ch.finishConnect();
                            k.interestOps(SelectionKey.OP_READ);
                            held.incrementAndGet();
                            continue;
                        }
                        sink.clear();
                        gone = ch.read(sink) < 0;
                    } catch (IOException e) {
                        gone = true;
                    }
                    if (gone) {
                        if (k.interestOps() == SelectionKey.OP_READ) {
                            held.decrementAndGet();
                        }
                        k.cancel();
                        ch.close();
                        missing++;
                    }
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the flood's selector failed", e);
        }
    }

    private boolean open(Selector selector) {
        opened.incrementAndGet();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            ch.bind(new InetSocketAddress(from, 0));
            ch.configureBlocking(false);
            if (ch.connect(target)) {
                ch.register(selector, SelectionKey.OP_READ);
                held.incrementAndGet();
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT);
            }
            return true;
        } catch (IOException e) {
            // the port may be briefly unusable: the next round opens it again
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // never opened
                }
            }
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join(5_000);
    }
}
