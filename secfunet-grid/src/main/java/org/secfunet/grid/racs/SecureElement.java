package org.secfunet.grid.racs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.TransportException;
import org.secfunet.grid.racs.client.RacsFencing;
import org.secfunet.pcsc.CardSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SE of the grid and its lock. An SE is powered exactly when a session holds it: the first
 * power-on (POWERON, RESET, or an APDU on a powered-off SE) locks it to that session; powering
 * off (SHUTDOWN, the session's end, a hardware error) releases it. Every operation runs under
 * the SE's mutex, which other sessions wait for only briefly: if it stays busy, the SE is in use.
 *
 * <p>Fencing (docs/racs.md, "Fencing tokens"): the SE keeps the newest token presented for it
 * (in memory). A command with an older token, or a token-less one from a session whose hold a
 * newer token ended, is refused with {@link SeFencedException} before anything else; a newer token
 * than the holder's takes the SE from it (power cycle, so the holder's card state is gone), and the
 * old holder's later commands are refused. A holder without a token (first come holds) is never
 * taken over; an equal token from another session gets "in use" too.
 */
public final class SecureElement {
    private static final Logger LOG = LoggerFactory.getLogger(SecureElement.class);
    /** How long a session waits for the SE's mutex before answering "in use". */
    static final long WAIT_MILLIS = 2000;

    private final String seid;
    private final String reader;
    private final ApduFirewall firewall;
    private final SeConnector connector;
    private final FencingMode fencing;
    private final ReentrantLock mutex = new ReentrantLock();
    /** The newest token presented for this SE (0: none yet); raised before the mutex is taken. */
    private final AtomicLong newest = new AtomicLong();
    /** Sessions a newer token took the SE from, with the token they held; removed at their end. */
    private final Map<Object, Long> fencedOut = new ConcurrentHashMap<>();
    private volatile Object holder;
    /** The holder's token, 0 for a holder that gave none; under the mutex. */
    private long holderToken;
    private volatile CardSession session;
    private boolean allowedAidSelected;
    private final CommandChain chain = new CommandChain();
    /** Told of what the SE does for the grid registry (its ATR, its hardware errors); never blocks. */
    private volatile SeObserver observer = SeObserver.NONE;
    /** True while the connector powers the card on (under the mutex): tells a power-on failure from an APDU's. */
    private boolean connecting;

    public SecureElement(String seid, String reader, ApduFirewall firewall, SeConnector connector) {
        this(seid, reader, firewall, connector, FencingMode.OPTIONAL);
    }

    public SecureElement(String seid, String reader, ApduFirewall firewall, SeConnector connector, FencingMode fencing) {
        this.seid = seid;
        this.reader = reader;
        this.firewall = firewall;
        this.connector = connector;
        this.fencing = fencing;
    }

    public FencingMode fencing() {
        return fencing;
    }

    /** Sessions refused as stale until they present a newer token or end (for tests and metrics). */
    int fencedOutSessions() {
        return fencedOut.size();
    }

    /** The newest fencing token presented for this SE since the server started (or its floor from the grid), 0 if none. */
    public long newestToken() {
        return newest.get();
    }

    /**
     * Raises the newest token seen to at least {@code floor} (the SE's fencing counter in the grid):
     * tokens older than it are refused from now on, as if they had been seen. Never lowers it.
     */
    void raiseFloor(long floor) {
        if (floor > 0) {
            newest.accumulateAndGet(Math.min(floor, RacsFencing.MAX), Math::max);
        }
    }

    /** Who is told of power-ons and hardware errors (the grid registry); {@link SeObserver#NONE} by default. */
    void observe(SeObserver o) {
        observer = o == null ? SeObserver.NONE : o;
    }

    public String seid() {
        return seid;
    }

    public String reader() {
        return reader;
    }

    public ApduFirewall firewall() {
        return firewall;
    }

    /** Whether {@code owner} holds the SE right now. */
    public boolean heldBy(Object owner) {
        return holder == owner && owner != null;
    }

    /** Whether any session holds it. */
    public boolean held() {
        return holder != null;
    }

    /** What an operation may do with the SE while it runs under the SE's mutex. */
    public interface Action<T> {
        T run(Access access);
    }

    /** The SE seen by the session running an {@link Action}. */
    public final class Access {
        private final Object owner;
        /** The token this operation runs with: the command's, else the one the session holds the SE with, else 0. */
        private final long token;

        private Access(Object owner, long token) {
            this.owner = owner;
            this.token = token;
        }

        public boolean powered() {
            return session != null;
        }

        /**
         * Powers the SE on if it is off, locking it to this session with the operation's token;
         * returns the ATR. Without a token on an SE that requires one: {@link SeFencedException}.
         */
        public byte[] powerOn() {
            CardSession s = session;
            if (s != null) {
                holderToken = token; // the holder's own token, or a newer one it now presents
            } else {
                if (token == RacsFencing.NONE && fencing == FencingMode.REQUIRED) {
                    throw new SeFencedException(RacsFencing.REQUIRED + " for SEID " + seid + " (POWERON " + seid + " " + RacsFencing.OPTION
                            + "=n, n the token of the SE's grid lock)");
                }
                connecting = true; // left true when connect fails: use() reads it
                s = connector.connect(reader);
                connecting = false;
                session = s;
                holder = owner;
                holderToken = token;
                allowedAidSelected = false;
                chain.clear();
                LOG.debug("SE {} powered on ({})", seid, reader);
            }
            return s.atr();
        }

        /** Power cycle: off (if on), then on; the lock stays with this session. */
        public byte[] reset() {
            powerOffLocked();
            return powerOn();
        }

        /** Powers off and releases the lock. */
        public void powerOff() {
            powerOffLocked();
        }

        public Transport transport() {
            CardSession s = session;
            if (s == null) {
                throw new IllegalStateException("SE " + seid + " is not powered");
            }
            return s.transport();
        }

        public boolean allowedAidSelected() {
            return allowedAidSelected;
        }

        public void allowedAidSelected(boolean selected) {
            allowedAidSelected = selected;
        }

        /** The command chain the server holds back for this SE (empty after every power-off). */
        CommandChain chain() {
            return chain;
        }
    }

    /** {@link #use(Object, long, Action)} without a fencing token. */
    <T> T use(Object owner, Action<T> action) {
        return use(owner, RacsFencing.NONE, action);
    }

    /**
     * Runs {@code action} for {@code owner} with the SE's mutex held, after the fencing rule:
     * {@link SeFencedException} for a stale {@code token} (older than the newest seen) or for a
     * session a newer token took the SE from, unless it now presents a token at least as new;
     * {@link SeInUseException} when another session holds the SE and {@code token} does not take it
     * over (it must be newer than the holder's, and the holder must have one). A
     * {@link TransportException} from the action powers the SE off (releasing it) before it
     * propagates. {@code token} is {@link RacsFencing#NONE} or 1..{@link RacsFencing#MAX}.
     */
    <T> T use(Object owner, long token, Action<T> action) {
        if (token != RacsFencing.NONE) {
            newest.accumulateAndGet(token, Math::max); // seen, even when the SE turns out busy: the older holder is stale from now on
        }
        lockOrInUse();
        try {
            long floor = newest.get();
            Long out = fencedOut.get(owner);
            if (out != null) {
                if (token == RacsFencing.NONE || token < floor) {
                    throw stale(token == RacsFencing.NONE ? out : token, floor);
                }
            }
            Object h = holder;
            boolean staleToken = token != RacsFencing.NONE && token < floor;
            if (h == owner && holderToken != RacsFencing.NONE && holderToken < floor && (token == RacsFencing.NONE || staleToken)) {
                long was = holderToken; // a newer token was seen while this session held the SE: its lock is gone
                fenceOutLocked(h, was, floor);
                throw stale(staleToken ? token : was, floor);
            }
            if (staleToken) {
                throw stale(token, floor);
            }
            if (h != null && h != owner) {
                if (token == RacsFencing.NONE || holderToken == RacsFencing.NONE || token <= holderToken) {
                    throw new SeInUseException();
                }
                fenceOutLocked(h, holderToken, token);
            }
            if (out != null) {
                fencedOut.remove(owner); // it took the lock again and got the SE: from now on a holder like any other
            }
            long effective = token != RacsFencing.NONE ? token : holder == owner ? holderToken : RacsFencing.NONE;
            connecting = false;
            try {
                T result = action.run(new Access(owner, effective));
                CardSession s = session;
                if (s != null) {
                    observer.working(this, s.atr());
                }
                return result;
            } catch (TransportException e) {
                boolean onPowerOn = connecting;
                connecting = false;
                powerOffLocked();
                observer.failed(this, onPowerOn, e);
                throw e;
            }
        } finally {
            mutex.unlock();
        }
    }

    private SeFencedException stale(long token, long floor) {
        return new SeFencedException(RacsFencing.staleText(token, floor, seid));
    }

    /** Takes the SE from {@code old} (power off: card session reset), whose later commands are refused as stale. */
    private void fenceOutLocked(Object old, long oldToken, long by) {
        fencedOut.put(old, oldToken);
        powerOffLocked();
        LOG.info("SE {}: fencing token {} took the SE from {} (token {}); its card session was reset", seid, by, old, oldToken);
    }

    /** Powers off and releases the SE if {@code owner} holds it; whether it did. Forgets that a newer token fenced {@code owner} out. */
    boolean releaseIfHeldBy(Object owner) {
        if (owner == null) {
            return false;
        }
        try {
            if (holder != owner) {
                return false;
            }
            mutex.lock();
            try {
                if (holder != owner) {
                    return false;
                }
                powerOffLocked();
                return true;
            } finally {
                mutex.unlock();
            }
        } finally {
            fencedOut.remove(owner); // last: a takeover that ran while we waited for the mutex has put it by now
        }
    }

    /**
     * Powers off whoever holds it (server shutdown). If an exchange is stuck past the wait, the
     * card session is closed underneath it so the exchange fails, then the state is cleared.
     */
    void forceRelease() {
        fencedOut.clear();
        boolean locked = false;
        try {
            locked = mutex.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (locked) {
            try {
                powerOffLocked();
            } finally {
                mutex.unlock();
            }
            return;
        }
        CardSession s = session;
        closeQuietly(s);
        LOG.warn("SE {}: an exchange was still running at shutdown; its card session was closed", seid);
    }

    private void lockOrInUse() {
        try {
            if (!mutex.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new SeInUseException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeInUseException();
        }
    }

    private void powerOffLocked() {
        CardSession s = session;
        session = null;
        holder = null;
        holderToken = RacsFencing.NONE;
        allowedAidSelected = false;
        chain.clear();
        if (s != null) {
            closeQuietly(s);
            LOG.debug("SE {} powered off", seid);
        }
    }

    private void closeQuietly(CardSession s) {
        if (s == null) {
            return;
        }
        try {
            s.closeAndReset(); // nothing volatile (selected applet, verified PIN) survives for the next client
        } catch (RuntimeException e) {
            LOG.warn("SE {}: closing the card session failed: {}", seid, e.getMessage());
        }
    }
}
