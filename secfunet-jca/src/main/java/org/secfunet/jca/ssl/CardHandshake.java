package org.secfunet.jca.ssl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.TransportException;
import org.secfunet.eap.tls.engine.AeadSuite;
import org.secfunet.jca.card.CardLease;
import org.secfunet.jca.card.CardProblem;
import org.secfunet.jca.card.PinSource;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.ProxyHandshake;
import org.secfunet.tls.RecordEngine;

/**
 * One handshake inside a leased card, for sockets and engines: {@link #begin} leases any free card of
 * the context (so handshakes spread over the readers), picks the identity (the {@code identity=}
 * setting, else the card's preferred one), reads the card's chain and starts the card's TLS proxy
 * session; {@link #receive} and {@link #step} run {@link ProxyHandshake}; {@link #finish} exports the
 * keys and gives the card back at once. Every failure is an {@code SSLHandshakeException} whose
 * message names the cause (and never a PIN), and gives the card back; a card whose session broke is
 * reopened by the next lease. The whole handshake is bounded by {@code handshake-timeout=}, checked
 * before every card round.
 */
final class CardHandshake {
    /** What a finished handshake leaves on the host. */
    record Finished(RecordEngine records, CardSslSession session) {
    }

    private final CardLease lease;
    private final ProxyHandshake driver;
    private final List<X509Certificate> chain;
    private final String peer;
    private final long deadline;
    private final long limitSeconds;
    private byte[] first;
    private boolean released;
    private boolean busy;
    private boolean abortAsked;

    private CardHandshake(CardLease lease, ProxyHandshake driver, List<X509Certificate> chain, String peer, long deadline, long limitSeconds) {
        this.lease = lease;
        this.driver = driver;
        this.chain = chain;
        this.peer = peer;
        this.deadline = deadline;
        this.limitSeconds = limitSeconds;
    }

    /** The deadline of a handshake starting now, in {@link System#nanoTime()} terms. */
    static long deadline(ContextConfig cfg) {
        return System.nanoTime() + cfg.settings().handshakeTimeout().toNanos();
    }

    /**
     * Leases a card and starts its handshake; a session found broken on the first command (card
     * reinserted, pcscd restarted) or that forgot its PIN is reopened once.
     *
     * @param peer "host:port", for messages
     */
    static CardHandshake begin(ContextConfig cfg, String options, String peer, long deadline) throws SSLHandshakeException {
        long limit = cfg.settings().handshakeTimeout().toSeconds();
        for (int attempt = 1; ; attempt++) {
            checkDeadline(deadline, peer, limit);
            CardLease lease;
            try {
                lease = cfg.bank().lease(cfg.pins());
            } catch (CardProblem e) {
                throw failure(peer, e.getMessage(), e);
            } catch (RuntimeException e) { // a reader that cannot be opened at all (a vcard: store gone)
                throw failure(peer, "no card could be opened (" + e.getMessage() + "): insert the card, or check the reader and pcscd", e);
            }
            try {
                EapSmartcard card = lease.card();
                String identity = cfg.settings().identity() != null ? cfg.settings().identity() : preferred(card, lease.reader());
                List<X509Certificate> chain = chain(card.certificates(false));
                ProxyHandshake driver = new ProxyHandshake(card, identity, options, Instant.now());
                CardHandshake h = new CardHandshake(lease, driver, chain, peer, deadline, limit);
                h.first = driver.start();
                return h;
            } catch (TransportException e) {
                lease.broken();
                lease.close();
                if (attempt >= 2) {
                    throw failure(peer, absent(lease.reader(), e), e);
                }
            } catch (EapCardException e) {
                boolean forgotPin = e.sw() == StatusWord.SECURITY_STATUS_NOT_SATISFIED;
                if (forgotPin && attempt < 2 && cfg.pins() != PinSource.NONE) {
                    lease.broken(); // reset by someone else: open and verify again once
                    lease.close();
                    continue;
                }
                lease.close();
                throw failure(peer, forgotPin ? "the card in reader " + lease.reader() + " needs its PIN: set pin= in the provider configuration,"
                        + " or initialize the context with the key managers of the SecFuNet KeyManagerFactory" : refused(lease.reader(), e), e);
            } catch (CardProblem e) {
                lease.close();
                throw failure(peer, e.getMessage(), e);
            } catch (IOException | RuntimeException | CertificateException e) {
                lease.close();
                throw failure(peer, "the card in reader " + lease.reader() + ": " + e.getMessage(), e);
            }
        }
    }

    private static String preferred(EapSmartcard card, String reader) {
        try {
            return card.preferredIdentity();
        } catch (EapCardException e) {
            if (e.sw() == StatusWord.REFERENCED_DATA_NOT_FOUND) {
                throw new CardProblem(CardProblem.Reason.NO_IDENTITY, "the card in reader " + reader
                        + " has no identity: add one with 'secfunet card set-identity', or name one with identity= in the provider configuration");
            }
            throw e;
        }
    }

    private static List<X509Certificate> chain(List<byte[]> ders) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] d : ders) {
            out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(d)));
        }
        return List.copyOf(out);
    }

    /** The ClientHello flight. */
    byte[] firstFlight() {
        return first;
    }

    String reader() {
        return lease.reader();
    }

    /** Takes the server's whole records from {@code src} (no card command); 0 when no whole record is there. */
    int receive(ByteBuffer src) throws SSLHandshakeException {
        try {
            return driver.receive(src);
        } catch (IOException e) {
            abort();
            throw failure(peer, e.getMessage(), e);
        }
    }

    boolean needsCard() {
        return driver.needsCard();
    }

    boolean done() {
        return driver.done();
    }

    /** One card round: the bytes to send (empty when the card needs more of the server's flight). */
    byte[] step() throws SSLHandshakeException {
        synchronized (this) {
            if (released) {
                throw new SSLHandshakeException("TLS handshake with " + peer + " was abandoned (the connection was closed)");
            }
            busy = true;
        }
        try {
            checkDeadline(deadline, peer, limitSeconds);
            return driver.step();
        } catch (TransportException e) {
            lease.broken();
            abort();
            throw failure(peer, "the card in reader " + lease.reader() + " stopped answering during the handshake (" + e.getMessage()
                    + "): insert the card, or check the reader and pcscd", e);
        } catch (EapCardException e) {
            abort();
            throw failure(peer, refused(lease.reader(), e), e);
        } catch (IOException | RuntimeException e) {
            abort();
            throw failure(peer, e.getMessage(), e);
        } finally {
            boolean release;
            synchronized (this) {
                busy = false;
                release = abortAsked;
            }
            if (release) {
                abort();
            }
        }
    }

    /** The card's alert when it ended the handshake: the caller sends it to the server. */
    byte[] failureAlert() {
        return driver.failureAlert();
    }

    /** After {@link #done()}: the record layer and session; the card is given back. */
    Finished finish(String host, int port) throws SSLHandshakeException {
        try {
            ProxyHandshake.Result r = driver.result();
            String suite = AeadSuite.ianaName(r.cipherSuite());
            List<X509Certificate> peerChain = chain(r.peerCertificates());
            RecordEngine records = new RecordEngine(r.keys());
            return new Finished(records, CardSslSession.established(r.version(), suite, host, port, chain, r.serverSubject(), peerChain,
                    r.applicationProtocol(), lease.reader()));
        } catch (RuntimeException | CertificateException e) {
            throw failure(peer, "the card's key export was refused: " + e.getMessage(), e);
        } finally {
            abort();
        }
    }

    /**
     * Gives the card back (once); the handshake cannot go on. Asked while a card round runs (another
     * thread closing the connection), the card is given back when the round ends, never under it.
     */
    void abort() {
        synchronized (this) {
            if (released) {
                return;
            }
            if (busy) {
                abortAsked = true;
                return;
            }
            released = true;
        }
        lease.close();
    }

    static void checkDeadline(long deadline, String peer, long limitSeconds) throws SSLHandshakeException {
        if (System.nanoTime() - deadline > 0) {
            throw timedOut(peer, limitSeconds);
        }
    }

    static SSLHandshakeException timedOut(String peer, long limitSeconds) {
        return new SSLHandshakeException("TLS handshake with " + peer + " took longer than " + limitSeconds
                + " s (handshake-timeout= in the provider configuration)");
    }

    static long millisLeft(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    static SSLHandshakeException failure(String peer, String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("TLS handshake with " + peer + " failed: " + message);
        e.initCause(cause);
        return e;
    }

    private static String absent(String reader, TransportException e) {
        return "no card answers in reader " + reader + " (" + e.getMessage() + "): insert the card, or check the reader and pcscd";
    }

    private static String refused(String reader, EapCardException e) {
        if (e instanceof EapCardException.PinException p) {
            return p.blocked() ? "the PIN of the card in reader " + reader + " is blocked: unblock it with 'secfunet card pin unblock'"
                    : "wrong PIN for the card in reader " + reader + ": " + p.triesLeft() + (p.triesLeft() == 1 ? " try" : " tries") + " left";
        }
        return "the card in reader " + reader + " refused: " + e.getMessage();
    }
}
