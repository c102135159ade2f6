package org.secfunet.grid.racs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.secfunet.grid.net.PeerNames;
import org.secfunet.grid.racs.RacsStatus.Kind;
import org.secfunet.service.LogText;
import org.secfunet.service.PendingGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection to the RACS server, run on its own (virtual) thread: handshake under a
 * timeout, the client's CN, admission (known client, session caps), then lines -> scripts ->
 * responses until the client leaves, idles out or breaks a limit. Whatever ends it, the SEs the
 * session held are released and powered off.
 */
final class RacsSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RacsSession.class);

    private final RacsServer server;
    private final long id;
    private final Socket tcp;
    private final SSLSocket tls;
    private final String remote;
    private final RacsServerConfig.Limits limits;
    private final ScheduledExecutorService watchdog;
    private final PendingGate.Pass pending;
    private volatile boolean aborted;

    /** {@code pending} is this connection's pending-handshake slot, freed when the handshake ends. */
    RacsSession(RacsServer server, long id, Socket tcp, SSLSocket tls, RacsServerConfig.Limits limits, ScheduledExecutorService watchdog,
            PendingGate.Pass pending) {
        this.server = server;
        this.id = id;
        this.tcp = tcp;
        this.tls = tls;
        this.remote = String.valueOf(tcp.getRemoteSocketAddress());
        this.limits = limits;
        this.watchdog = watchdog;
        this.pending = pending;
    }

    @Override
    public void run() {
        boolean established = false;
        try {
            String cn;
            try {
                cn = handshake();
            } finally {
                pending.close();
            }
            if (cn != null) {
                established = true;
                serve(cn);
            }
        } finally {
            if (established) {
                closeGracefully();
            } else {
                closeTcp(); // no TLS session: nothing (no alert) is owed to a peer that never finished its handshake
            }
            pending.close();
            server.ended(this);
        }
    }

    /** Closes the connection from another thread (server shutdown, write deadline). */
    void abort() {
        aborted = true;
        closeTcp();
    }

    /** The TLS handshake, bounded as a whole (not only per read); the client's CN, or null when refused. */
    private String handshake() {
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = schedule(() -> {
            late.set(true);
            closeTcp();
        }, limits.handshakeSeconds());
        try {
            tcp.setSoTimeout(limits.handshakeSeconds() * 1000);
            tls.startHandshake();
            return PeerNames.commonName(tls.getSession());
        } catch (SocketTimeoutException e) {
            LOG.info("RACS connection {} from {} refused: no TLS handshake within {} s", id, remote, limits.handshakeSeconds());
        } catch (IOException e) {
            if (late.get()) {
                LOG.info("RACS connection {} from {} refused: no TLS handshake within {} s", id, remote, limits.handshakeSeconds());
            } else if (!aborted) {
                LOG.info("RACS connection {} from {} refused: TLS handshake failed: {}", id, remote, LogText.escape(e.getMessage()));
            }
        } finally {
            cancel(deadline);
        }
        return null;
    }

    /** The CN as logs may show it: control characters escaped, length capped. */
    static String printable(String s) {
        return s.length() > 128 ? LogText.escape(s.substring(0, 128)) + "..." : LogText.escape(s);
    }

    /** A task on the server's watchdog, or null when the server is shutting down. */
    private ScheduledFuture<?> schedule(Runnable task, long seconds) {
        try {
            return watchdog.schedule(task, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void serve(String cn) {
        String shown = printable(cn);
        String label = "RACS session " + id + " (CN=" + shown + ")";
        try {
            OutputStream out = new BufferedOutputStream(tls.getOutputStream());
            if (!server.access().knownClient(cn)) {
                LOG.info("RACS connection {} from {} refused: CN={} is not a configured client", id, remote, shown);
                write(out, RacsStatus.error(Kind.UNAUTHORISED, (RacsCommand) null, 0, "not authorised").format() + RacsResponse.CRLF);
                return;
            }
            String full = server.admit(cn);
            if (full != null) {
                LOG.info("RACS connection {} from {} (CN={}) refused: {}", id, remote, shown, full);
                write(out, RacsStatus.error(Kind.SYSTEM, (RacsCommand) null, 0, "too many sessions").format() + RacsResponse.CRLF);
                return;
            }
            try (RacsInterpreter interpreter = new RacsInterpreter(server.registry(), server.access(), cn, label)) {
                LOG.info("{} opened from {} ({}, {})", label, remote, tls.getSession().getProtocol(), tls.getSession().getCipherSuite());
                String why = loop(interpreter, out);
                LOG.info("{} from {} closed: {}", label, remote, why);
            } finally {
                server.leave(cn);
            }
        } catch (IOException e) {
            LOG.info("{} from {} closed: {}", label, remote, aborted ? "closed by the server" : "connection lost (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            LOG.warn("{} from {} failed", label, remote, e);
        }
    }

    /** Serves scripts until the end of the connection; why it ended. */
    private String loop(RacsInterpreter interpreter, OutputStream out) throws IOException {
        tcp.setSoTimeout(limits.idleSeconds() * 1000);
        InputStream in = tls.getInputStream();
        RacsLineSplitter splitter = new RacsLineSplitter(limits.maxLine());
        RacsScriptAssembler assembler = new RacsScriptAssembler(limits.maxLines());
        byte[] buf = new byte[8192];
        int scripts = 0;
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return "idle for " + limits.idleSeconds() + " s after " + scripts + " script(s)";
            }
            if (n < 0) {
                return "client left after " + scripts + " script(s)";
            }
            for (String line : splitter.feed(buf, 0, n)) {
                switch (assembler.accept(line)) {
                    case RacsScriptAssembler.Pending p -> {
                    }
                    case RacsScriptAssembler.Complete c -> {
                        scripts++;
                        write(out, interpreter.run(c.script()).format());
                    }
                    case RacsScriptAssembler.Rejected r -> {
                        write(out, r.response().format());
                        if (r.closeConnection()) {
                            return "limit reached: " + r.response().last().parameters();
                        }
                    }
                }
            }
            if (splitter.overflowed()) {
                RacsResponse r = assembler.lineTooLong(limits.maxLine());
                write(out, r.format());
                return "limit reached: " + r.last().parameters();
            }
        }
    }

    /** Writes and flushes under a deadline: a client that stops reading is disconnected. */
    private void write(OutputStream out, String text) throws IOException {
        ScheduledFuture<?> deadline = schedule(() -> {
            LOG.info("RACS session {} from {}: the client did not read a response within {} s", id, remote, limits.idleSeconds());
            abort();
        }, limits.idleSeconds());
        if (deadline == null) {
            throw new IOException("the server is shutting down");
        }
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } finally {
            cancel(deadline);
        }
    }

    /**
     * close_notify and FIN, then a short drain of what the client may still be sending (closing
     * with unread input would reset the connection and could destroy our last response), then
     * close. Bounded in time.
     */
    private void closeGracefully() {
        if (aborted || tcp.isClosed()) {
            closeTcp();
            return;
        }
        ScheduledFuture<?> deadline = schedule(this::closeTcp, 3);
        if (deadline == null) {
            closeTcp();
            return;
        }
        try {
            tls.shutdownOutput();
            if (!tcp.isOutputShutdown()) {
                tcp.shutdownOutput();
            }
            tcp.setSoTimeout(500);
            InputStream raw = tcp.getInputStream();
            byte[] sink = new byte[4096];
            int total = 0;
            for (int n; total < 65536 && (n = raw.read(sink)) >= 0; ) {
                total += n;
            }
        } catch (IOException ignored) {
            // the peer is gone or did not close in time: close anyway
        } finally {
            cancel(deadline);
            closeTcp();
        }
    }

    private void closeTcp() {
        try {
            tcp.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
