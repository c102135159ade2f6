package org.secfunet.grid.racs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.TransportException;
import org.secfunet.pcsc.CardSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SE of the grid and its lock. An SE is powered exactly when a session holds it: the first
 * power-on (POWERON, RESET, or an APDU on a powered-off SE) locks it to that session; powering
 * off (SHUTDOWN, the session's end, a hardware error) releases it. Every operation runs under
 * the SE's mutex, which other sessions wait for only briefly: if it stays busy, the SE is in use.
 */
public final class SecureElement {
    private static final Logger LOG = LoggerFactory.getLogger(SecureElement.class);
    /** How long a session waits for the SE's mutex before answering "in use". */
    static final long WAIT_MILLIS = 2000;

    private final String seid;
    private final String reader;
    private final ApduFirewall firewall;
    private final SeConnector connector;
    private final ReentrantLock mutex = new ReentrantLock();
    private volatile Object holder;
    private volatile CardSession session;
    private boolean allowedAidSelected;
    private final CommandChain chain = new CommandChain();

    public SecureElement(String seid, String reader, ApduFirewall firewall, SeConnector connector) {
        this.seid = seid;
        this.reader = reader;
        this.firewall = firewall;
        this.connector = connector;
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

        private Access(Object owner) {
            this.owner = owner;
        }

        public boolean powered() {
            return session != null;
        }

        /** Powers the SE on if it is off, locking it to this session; returns the ATR. */
        public byte[] powerOn() {
            CardSession s = session;
            if (s == null) {
                s = connector.connect(reader);
                session = s;
                holder = owner;
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

    /**
     * Runs {@code action} for {@code owner} with the SE's mutex held; refuses with
     * {@link SeInUseException} when another session holds the SE. A {@link TransportException}
     * from the action powers the SE off (releasing it) before it propagates.
     */
    <T> T use(Object owner, Action<T> action) {
        lockOrInUse();
        try {
            Object h = holder;
            if (h != null && h != owner) {
                throw new SeInUseException();
            }
            try {
                return action.run(new Access(owner));
            } catch (TransportException e) {
                powerOffLocked();
                throw e;
            }
        } finally {
            mutex.unlock();
        }
    }

    /** Powers off and releases the SE if {@code owner} holds it; whether it did. */
    boolean releaseIfHeldBy(Object owner) {
        if (owner == null || holder != owner) {
            return false;
        }
        mutex.lock();
        try {
            if (holder != owner || owner == null) {
                return false;
            }
            powerOffLocked();
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Powers off whoever holds it (server shutdown). If an exchange is stuck past the wait, the
     * card session is closed underneath it so the exchange fails, then the state is cleared.
     */
    void forceRelease() {
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
