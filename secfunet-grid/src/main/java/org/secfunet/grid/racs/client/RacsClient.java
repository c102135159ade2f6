package org.secfunet.grid.racs.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.ServerCertificateMismatchException;

/**
 * One RACS session: a mutually authenticated TLS connection to a grid, over which scripts go out
 * and replies come back. Every read is bounded in size and time.
 */
public final class RacsClient implements AutoCloseable {
    /** Longest reply line we accept (an APDU answer of 64 KiB in hex plus the status prefix). */
    public static final int MAX_LINE = 140_000;
    /** Most status lines in one reply. */
    public static final int MAX_LINES = 256;
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String where;
    /** The server certificate's fingerprint this connection was verified for (null: its CA only). */
    private final String certSha256;
    private int scripts;
    /** Set when a script did not end in its reply (timeout, I/O error, a reply out of step): never reused. */
    private boolean broken;

    private RacsClient(SSLSocket socket, String where, String certSha256) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192); // replies are read a byte at a time
        this.out = socket.getOutputStream();
        this.where = where;
        this.certSha256 = certSha256;
    }

    /** Connects and completes the TLS handshake; the server must prove itself with a certificate of {@code context}'s CA. */
    public static RacsClient connect(String host, int port, SSLContext context, int replyTimeoutMillis) {
        return connect(host, port, context, replyTimeoutMillis, null);
    }

    /**
     * As {@link #connect(String, int, SSLContext, int)}, and when {@code certSha256} is not null the
     * server's leaf certificate must also have that SHA-256 fingerprint (64 lower-case hex digits,
     * {@link ServerFingerprint}), else the connection is closed before anything is sent and
     * {@link ServerCertificateMismatchException} thrown.
     */
    public static RacsClient connect(String host, int port, SSLContext context, int replyTimeoutMillis, String certSha256) {
        String where = host + ":" + port;
        SSLSocket s = null;
        try {
            s = (SSLSocket) context.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            s.setSoTimeout(CONNECT_TIMEOUT_MS);
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm(null); // the grid is pinned by its CA, not by a DNS name
            s.setSSLParameters(p);
            s.startHandshake();
            ServerFingerprint.check(s.getSession(), certSha256, where);
            s.setSoTimeout(replyTimeoutMillis);
            return new RacsClient(s, where, certSha256);
        } catch (ServerCertificateMismatchException e) {
            closeQuietly(s);
            throw e;
        } catch (IOException e) {
            closeQuietly(s);
            throw new ReaderException("cannot reach the RACS server " + where + ": " + describe(e), e);
        }
    }

    /** Sends {@code BEGIN}, the lines, {@code END}; returns the reply's status lines. */
    public synchronized RacsReply run(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("BEGIN ").append(++scripts).append("\r\n");
        for (String l : lines) {
            if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a RACS line cannot hold a line break");
            }
            sb.append(l).append("\r\n");
        }
        sb.append("END\r\n");
        if (broken) {
            throw new ReaderException("the RACS connection to " + where + " is out of step after an earlier failure");
        }
        try {
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readReply();
        } catch (SocketTimeoutException e) {
            broken = true; // the reply may still come: it must never be read as the next script's
            throw new ReaderException("the RACS server " + where + " did not answer in time");
        } catch (IOException e) {
            broken = true;
            throw new ReaderException("the RACS connection to " + where + " failed: " + describe(e), e);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /** True while every script so far got its own reply and the connection is open: it may carry another session. */
    public synchronized boolean reusable() {
        return !broken && !socket.isClosed();
    }

    private RacsReply readReply() throws IOException {
        String first = readLine();
        while (first.isEmpty()) {
            first = readLine();
        }
        if (!first.startsWith("BEGIN")) {
            // a server refusing the whole session answers one status line and closes
            throw new ReaderException("the RACS server " + where + " refused: " + RacsReply.shorten(first));
        }
        String id = first.substring(5).strip();
        if (!id.isEmpty() && !id.equals(Integer.toString(scripts))) {
            throw new ReaderException("the RACS server " + where + " answered script " + RacsReply.shorten(id) + " while script " + scripts
                    + " was waiting");
        }
        List<RacsReply.Status> status = new ArrayList<>();
        for (int i = 0; i <= MAX_LINES; i++) {
            String l = readLine();
            if (l.equals("END")) {
                if (status.isEmpty()) {
                    throw new ReaderException("the RACS server " + where + " sent a reply with no status line");
                }
                return new RacsReply(List.copyOf(status));
            }
            try {
                status.add(RacsReply.Status.parse(l));
            } catch (IllegalArgumentException e) {
                throw new ReaderException("the RACS server " + where + " sent " + e.getMessage());
            }
        }
        throw new ReaderException("the RACS server " + where + " sent more than " + MAX_LINES + " status lines");
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new ReaderException("the RACS server " + where + " closed the session");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                if (b.size() >= MAX_LINE) {
                    throw new ReaderException("the RACS server " + where + " sent a line longer than " + MAX_LINE + " bytes");
                }
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    public String where() {
        return where;
    }

    /** The server certificate's fingerprint this connection was verified for, or null (its CA only). */
    public String certSha256() {
        return certSha256;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof javax.net.ssl.SSLHandshakeException) {
            return "TLS handshake failed (" + m + ")";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
