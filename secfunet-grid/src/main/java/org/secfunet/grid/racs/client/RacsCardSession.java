package org.secfunet.grid.racs.client;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.TransportException;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ReaderException;

/**
 * A card of a RACS grid as a {@link CardSession}: opening powers the SE on (which locks it to this
 * session), each APDU is one {@code APDU} script line, closing shuts the SE down (releasing it) and
 * ends the TLS session, or gives the connection to a {@link RacsConnections} pool. The raw transport does no GET RESPONSE/FETCH of its own: the usual
 * transport layers on this side do that, so the trace shows every APDU.
 *
 * <p>A holder of the SE's grid lock opens the session with the lock's fencing token
 * ({@code POWERON SEID FENCE=n}). When a newer holder takes the SE over, every later command of
 * this session fails with {@link StaleFencingTokenException}, and closing it closes the
 * connection (it is never given back to the pool).
 */
public final class RacsCardSession implements CardSession {
    /** An answer may take this long (key generation in a card is slow). */
    public static final int REPLY_TIMEOUT_MS = 60_000;
    /** A RACS server's default {@code limits.max_line} (RacsServerConfig.Limits.DEFAULT; not referenced: no package cycle). */
    static final int SERVER_MAX_LINE = 32768;

    private final RacsClient client;
    private final RacsConnections pool;
    private final String seid;
    private final String name;
    private final byte[] atr;
    private final long token;
    private boolean closed;
    /** Set once the server refused this session's hold as stale: nothing more is sent for the SE. */
    private StaleFencingTokenException fenced;

    private RacsCardSession(RacsClient client, RacsConnections pool, String seid, String name, byte[] atr, long token) {
        this.client = client;
        this.pool = pool;
        this.seid = seid;
        this.name = name;
        this.atr = atr;
        this.token = token;
    }

    public static RacsCardSession open(RacsAddress address, SSLContext context) {
        return open(address, context, null);
    }

    /** {@link #open(RacsAddress, SSLContext, RacsConnections, long)} without a fencing token. */
    public static RacsCardSession open(RacsAddress address, SSLContext context, RacsConnections pool) {
        return open(address, context, pool, RacsFencing.NONE);
    }

    /**
     * Opens a session on a connection of {@code pool} when one is idle (null: always a new one). A
     * pooled connection that turns out dead (the server restarted or timed it out) is dropped and
     * POWERON goes again on a new connection; nothing had run on it. {@code fencingToken} is the
     * token of the SE's grid lock this client holds (1..2^63-1), or {@link RacsFencing#NONE}; a
     * server that has seen a newer one refuses with {@link StaleFencingTokenException}.
     */
    public static RacsCardSession open(RacsAddress address, SSLContext context, RacsConnections pool, long fencingToken) {
        return open(address, context, pool, fencingToken, null);
    }

    /**
     * As {@link #open(RacsAddress, SSLContext, RacsConnections, long)}, on a connection whose server
     * presented the leaf certificate with the SHA-256 fingerprint {@code certSha256} (64 lower-case
     * hex digits; null: its CA only), else {@link org.secfunet.pcsc.ServerCertificateMismatchException}.
     * Only a pooled connection verified for that same fingerprint is reused.
     */
    public static RacsCardSession open(RacsAddress address, SSLContext context, RacsConnections pool, long fencingToken, String certSha256) {
        String where = address.host() + ":" + address.port();
        String powerOn = "POWERON " + address.seid() + (fencingToken == RacsFencing.NONE ? "" : " " + RacsFencing.option(fencingToken));
        RacsClient c = pool == null ? null : pool.take(RacsConnections.key(where, certSha256));
        RacsReply r = null;
        if (c != null) {
            try {
                r = c.run(List.of(powerOn));
            } catch (ReaderException stale) {
                c.close();
                c = null;
            }
        }
        if (c == null) {
            c = RacsClient.connect(address.host(), address.port(), context, REPLY_TIMEOUT_MS, certSha256);
        }
        try {
            if (r == null) {
                r = c.run(List.of(powerOn));
            }
            RacsReply.Status s = r.last();
            if (!s.ok()) {
                throw refused(address.seid(), s);
            }
            return new RacsCardSession(c, pool, address.seid(), address.text(), atrOf(s.parameters()), fencingToken);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** POWERON's parameters start with the ATR in hex on servers that report it (ours does); else none. */
    static byte[] atrOf(String parameters) {
        String first = parameters.strip().split(" ", 2)[0];
        if (first.length() < 4 || first.length() > 66 || first.length() % 2 != 0 || !first.matches("[0-9A-Fa-f]+")) {
            return new byte[0];
        }
        return Hex.decode(first);
    }

    /** The exception for a refused power-on: a stale token has its own type. */
    static ReaderException refused(String seid, RacsReply.Status s) {
        StaleFencingTokenException stale = staleOrNull(seid, s);
        return stale != null ? stale : new ReaderException(refusal(seid, s));
    }

    /** A {@link StaleFencingTokenException} if {@code s} is the server's stale-token refusal, else null. */
    static StaleFencingTokenException staleOrNull(String seid, RacsReply.Status s) {
        if (s.ok() || s.statusClass() != 6) {
            return null;
        }
        long[] t = RacsFencing.parseStale(s.parameters());
        return t == null ? null : new StaleFencingTokenException(seid, t[0], t[1], s);
    }

    static String refusal(String seid, RacsReply.Status s) {
        String why = switch (s.statusClass()) {
            case 6 -> s.parameters().startsWith(RacsFencing.REQUIRED) ? "SE " + seid + " needs a fencing token (take its grid lock first)"
                    : "not authorised for SE " + seid;
            case 7 -> "SE " + seid + " is in use by another session";
            case 8 -> "SE " + seid + " has a hardware error (card or reader gone)";
            case 4 -> "SE " + seid + " is unknown or the value was refused";
            default -> "SE " + seid + " refused the request";
        };
        return why + " (RACS " + s + ")";
    }

    @Override
    public Transport transport() {
        return this::transmit;
    }

    private synchronized byte[] transmit(byte[] command) {
        if (closed) {
            throw new TransportException("the RACS session to " + name + " is closed");
        }
        if (fenced != null) {
            throw fenced.again();
        }
        RacsReply.Status s = client.run(List.of("APDU " + seid + " " + Hex.encode(command))).last();
        if (!s.ok()) {
            StaleFencingTokenException stale = staleOrNull(seid, s);
            if (stale != null) {
                fenced = stale;
                throw stale;
            }
            if (s.statusClass() == 8) {
                throw new CardRemovedException(refusal(seid, s));
            }
            throw new TransportException(refusal(seid, s));
        }
        String hex = s.parameters().strip();
        int sp = hex.indexOf(' ');
        if (sp >= 0) {
            hex = hex.substring(0, sp);
        }
        byte[] answer;
        try {
            answer = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new TransportException("the RACS server sent an APDU answer that is not hex");
        }
        if (answer.length < 2) {
            throw new TransportException("the RACS server sent an APDU answer without a status word");
        }
        return answer;
    }

    /** The fencing token this session was opened with, {@link RacsFencing#NONE} if none. */
    public long fencingToken() {
        return token;
    }

    @Override
    public byte[] atr() {
        return atr.clone(); // from POWERON's answer; RACS 0.2 itself defines no ATR command
    }

    @Override
    public String readerName() {
        return name;
    }

    @Override
    public int maxNe() {
        return 65536;
    }

    /**
     * What one {@code APDU SEID HEX} line carries within a RACS server's default
     * {@code limits.max_line} (32768 bytes): an extended APDU is 9 bytes around its data, in hex,
     * after the keyword and the SEID; about 16 KiB of command data, far above one TLS flight.
     */
    @Override
    public int maxCommandData() {
        return maxCommandData(seid);
    }

    static int maxCommandData(String seid) {
        int line = SERVER_MAX_LINE - 2 - "APDU ".length() - seid.length() - 1;
        return Math.max(org.secfunet.apdu.CommandApdu.MAX_SHORT_DATA, Math.min(org.secfunet.apdu.CommandApdu.MAX_EXTENDED_DATA, line / 2 - 9));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean released = false;
        try {
            if (client.reusable() && fenced == null) { // a fenced session's SHUTDOWN would be refused: the connection just goes // after a failure the connection is out of step: closing it releases the SE
                released = client.run(List.of("SHUTDOWN " + seid)).last().ok();
            }
        } catch (RuntimeException ignored) {
            // the session's end releases the SE anyway
        } finally {
            if (released && pool != null && client.reusable()) {
                pool.give(client); // no SE held on it any more, every reply read: the next session may use it
            } else {
                client.close();
            }
        }
    }
}
