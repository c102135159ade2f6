package org.secfunet.pcsc.vpcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import org.secfunet.apdu.StatusWord;
import org.secfunet.pcsc.CardDevice;

/**
 * Plugs a {@link CardDevice} into pcscd as a real reader slot through the vsmartcard vpcd driver.
 * The card is the TCP client of vpcd. Power/reset/ATR control bytes and APDUs are answered;
 * an APDU is never answered with an empty frame (vpcd would eject the card). TCP_QUICKACK is
 * re-armed before every read: Debian's vpcd 3.3 writes length and payload separately, which
 * against delayed ACK costs ~44 ms per APDU. When vpcd goes away the bridge reconnects with a
 * bounded back-off until stopped; stopping it removes the card from the reader.
 */
public final class VpcdBridge implements AutoCloseable {
    /** What the bridge reports: connected (card inserted), ready (pcscd polled it), disconnected. */
    public enum State { CONNECTING, CONNECTED, READY, DISCONNECTED, STOPPED }

    /**
     * How the bridge talks to vpcd. {@code quickAck}: re-arm TCP_QUICKACK before every read (off
     * only to measure the ~44 ms per APDU it saves).
     */
    public record Options(boolean quickAck) {
        public static final Options DEFAULT = new Options(true);
    }

    private static final int MAX_BACKOFF_MS = 2000;
    private static final int CONNECT_TIMEOUT_MS = 2000;

    private final CardDevice card;
    private final String host;
    private final int port;
    private final Consumer<State> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Socket socket;
    private volatile boolean quickAck;

    public VpcdBridge(CardDevice card, String host, int port, Consumer<State> listener) {
        this(card, host, port, Options.DEFAULT, listener);
    }

    public VpcdBridge(CardDevice card, String host, int port, Options options, Consumer<State> listener) {
        this.quickAck = options.quickAck();
        this.card = Objects.requireNonNull(card);
        this.host = Objects.requireNonNull(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("vpcd port " + port + " is outside 1..65535");
        }
        this.port = port;
        this.listener = listener == null ? s -> { } : listener;
        this.thread = new Thread(this::run, "secfunet-vpcd-" + card.label() + "@" + port);
        this.thread.setDaemon(true);
    }

    public VpcdBridge start() {
        thread.start();
        return this;
    }

    public String endpoint() {
        return host + ":" + port;
    }

    private void run() {
        int backoff = 50;
        boolean wasConnected = true;
        while (running) {
            if (wasConnected) {
                listener.accept(State.CONNECTING);
            }
            wasConnected = false;
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                socket = s;
                backoff = 50;
                wasConnected = true;
                listener.accept(State.CONNECTED);
                serve(s);
            } catch (IOException | VpcdProtocolException e) {
                // vpcd not (yet) listening, or it dropped us: retry below
            } finally {
                socket = null;
            }
            if (!running) {
                break;
            }
            if (wasConnected) {
                card.powerOff();
                listener.accept(State.DISCONNECTED);
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        card.powerOff();
        listener.accept(State.STOPPED);
    }

    private void serve(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        VpcdFrameDecoder decoder = new VpcdFrameDecoder();
        byte[] buf = new byte[65537];
        boolean ready = false;
        while (running) {
            armQuickAck(s);
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
            List<byte[]> frames = decoder.feed(buf, 0, n);
            for (byte[] frame : frames) {
                VpcdFrameDecoder.Control control = VpcdFrameDecoder.Control.of(frame);
                if (control == null) {
                    out.write(VpcdFrameDecoder.encode(answer(frame)));
                    continue;
                }
                switch (control) {
                    case POWER_OFF -> card.powerOff();
                    case POWER_ON -> card.powerOn();
                    case RESET -> card.reset();
                    case GET_ATR -> {
                        out.write(VpcdFrameDecoder.encode(card.atr()));
                        if (!ready) {
                            ready = true;
                            listener.accept(State.READY);
                        }
                    }
                }
            }
            out.flush();
        }
    }

    private byte[] answer(byte[] apdu) {
        byte[] r;
        try {
            r = card.transmit(apdu);
        } catch (RuntimeException e) {
            r = null;
        }
        if (r == null || r.length < 2 || r.length > 0xFFFF) {
            return new byte[] {(byte) (StatusWord.NO_PRECISE_DIAGNOSIS >> 8), 0};
        }
        return r;
    }

    private void armQuickAck(Socket s) {
        if (!quickAck) {
            return;
        }
        try {
            s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        } catch (UnsupportedOperationException | IOException e) {
            quickAck = false; // not Linux: nothing to work around
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Takes the card out of the reader: closes the connection and stops reconnecting (bounded wait). */
    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(CONNECT_TIMEOUT_MS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: whether the TCP connection to vpcd is up. */
    public boolean connected() {
        Socket s = socket;
        return s != null && s.isConnected() && !s.isClosed();
    }
}
