package org.secfunet.service;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A listener's accept loop that keeps serving: each accepted socket goes to the owner's handler
 * (which must not block: it starts a thread or closes the socket), and a failing accept (for
 * instance "Too many open files") is retried after an exponential back-off, from
 * {@link #FIRST_BACKOFF_MILLIS} up to {@link #MAX_BACKOFF_MILLIS}, with one log line per
 * {@link #LOG_INTERVAL_MILLIS} saying how many failures it stands for. The first success resets
 * the back-off. It ends when {@code closing} says so (the owner closes the listener, which ends a
 * pending accept).
 */
public final class AcceptLoop implements Runnable {
    /** The accept call of a listener (a seam for tests). */
    @FunctionalInterface
    public interface Accept {
        Socket accept() throws IOException;
    }

    static final long FIRST_BACKOFF_MILLIS = 10;
    static final long MAX_BACKOFF_MILLIS = 1_000;
    static final long LOG_INTERVAL_MILLIS = 10_000;

    private final String name;
    private final Accept accept;
    private final Consumer<Socket> handler;
    private final BooleanSupplier closing;
    private final Consumer<String> warn;
    private final LongSupplier nanos;

    /**
     * @param name     the listener as log lines name it
     * @param warn     where the (rate-limited) failure lines go
     */
    public AcceptLoop(String name, Accept accept, Consumer<Socket> handler, BooleanSupplier closing, Consumer<String> warn) {
        this(name, accept, handler, closing, warn, System::nanoTime);
    }

    AcceptLoop(String name, Accept accept, Consumer<Socket> handler, BooleanSupplier closing, Consumer<String> warn, LongSupplier nanos) {
        this.name = name;
        this.accept = accept;
        this.handler = handler;
        this.closing = closing;
        this.warn = warn;
        this.nanos = nanos;
    }

    @Override
    public void run() {
        long backoff = 0;
        long lastLog = 0;
        long unlogged = 0;
        while (!closing.getAsBoolean()) {
            Socket s;
            try {
                s = accept.accept();
            } catch (IOException | RuntimeException e) {
                if (closing.getAsBoolean()) {
                    return;
                }
                unlogged++;
                long now = nanos.getAsLong();
                if (lastLog == 0 || now - lastLog >= TimeUnit.MILLISECONDS.toNanos(LOG_INTERVAL_MILLIS)) {
                    warn.accept(name + ": accept failed" + (unlogged > 1 ? " (" + unlogged + " times since the last report)" : "") + ": "
                            + e.getMessage() + "; retrying with back-off up to " + MAX_BACKOFF_MILLIS + " ms");
                    lastLog = now == 0 ? 1 : now;
                    unlogged = 0;
                }
                backoff = backoff == 0 ? FIRST_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                if (!pause(backoff)) {
                    return;
                }
                continue;
            }
            backoff = 0;
            handler.accept(s);
        }
    }

    /** Closes a socket its owner refuses or is done with, ignoring a failure to close (the peer is gone anyway). */
    public static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed or reset
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
