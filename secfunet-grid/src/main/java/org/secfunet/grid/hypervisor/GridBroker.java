package org.secfunet.grid.hypervisor;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.secfunet.apdu.TransportException;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.coord.Binding;
import org.secfunet.coord.CoordinationException;
import org.secfunet.coord.GridCache;
import org.secfunet.coord.GridCoordinator;
import org.secfunet.coord.SeInfo;
import org.secfunet.coord.SeLocks;
import org.secfunet.coord.ServerInfo;
import org.secfunet.grid.racs.client.RacsAddress;
import org.secfunet.grid.racs.client.RacsReaderProvider;
import org.secfunet.grid.racs.client.StaleFencingTokenException;
import org.secfunet.pcsc.ServerCertificateMismatchException;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ServiceCard;
import org.secfunet.service.HostPort;
import org.secfunet.tls.CardTlsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VM request on the grid on ZooKeeper, start to end of the handshake: the VM's binding is read
 * from this hypervisor's {@link GridCache} (no round trip; a change another process makes applies
 * once its watch event has arrived, milliseconds later), and read again from ZooKeeper (synced with
 * the leader) before a request is refused by it, so a new binding applies to the next request; the
 * SE is found the same way in the registry ({@code /se/<seid>} owner, {@code /racs/<server>}
 * endpoint, synced reads when the copy lacks it or says it is out of service); its grid lock is taken ({@code queue.wait_ms} at most, else BUSY) and the RACS card
 * session is opened with the lock's fencing token, on a connection whose server presented the
 * certificate it registered in {@code /racs/<server>} (its SHA-256 fingerprint; else {@code ERR card}
 * and a warning: another process may answer at its address). The lock is released right after key export,
 * or kept with a kept card session (operator-held PIN, {@code limits.card_keep_ms}) and released
 * when that session is closed. Nothing starts while ZooKeeper is not {@code CONNECTED}; a
 * handshake already holding its card finishes.
 * <p>
 * Within this hypervisor a small gate per SE (a fair semaphore of one) orders the requests and the
 * sweeper around a kept session; the grid lock itself is a Curator one-lease semaphore, which any
 * thread may release (the kept session's lock is released by the sweeper or a later request).
 * A {@link StaleFencingTokenException} means this hypervisor lost the lock (its ZooKeeper session
 * expired) and a newer holder has the SE: the card is fine, the VM gets {@code ERR card}.
 */
final class GridBroker implements Broker {
    private static final Logger LOG = LoggerFactory.getLogger(GridBroker.class);

    /** A verified card session kept for the next handshake, with the SE lock it holds. */
    private record Kept(EapSmartcard card, String identity, SeLocks.Held lock, long sinceNanos) {
    }

    /**
     * An SE taken for a request: its lock, and the session kept from before (null: open one at
     * {@code address}, on RACS server {@code server} whose certificate must be the registered one).
     */
    private record Taken(String seid, SeLocks.Held lock, Kept kept, RacsAddress address, ServerInfo server) {
    }

    private final HypervisorConfig config;
    private final GridCoordinator coord;
    private final RacsReaderProvider racs;
    private final VmPins pins;
    private final HypervisorMetrics metrics;
    private final LongSupplier nanos;
    private final Supplier<String> holder;
    private final long keepNanos;
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final Set<SeLocks.Held> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile boolean closed;
    /** The copy of the bindings and the registry, from {@link #start} to {@link #close} (null: synced reads only). */
    private volatile GridCache cache;

    GridBroker(HypervisorConfig config, GridCoordinator coord, RacsReaderProvider racs, PinBudget pins, HypervisorMetrics metrics,
               LongSupplier nanos, Supplier<String> holder) {
        this.config = config;
        this.coord = coord;
        this.racs = racs;
        this.pins = new VmPins(config, pins, metrics);
        this.metrics = metrics;
        this.nanos = nanos;
        this.holder = holder;
        this.keepNanos = TimeUnit.MILLISECONDS.toNanos(config.cardKeepMillis());
    }

    /** Starts following the bindings and the registry (the coordinator started). */
    void start() {
        cache = coord.cache();
    }

    /** Stops following them (before the coordinator is closed). */
    void close() {
        GridCache c = cache;
        cache = null;
        if (c != null) {
            c.close();
        }
    }

    /** SE locks this hypervisor holds now (in handshakes and with kept sessions). */
    int locksHeld() {
        return held.size();
    }

    @Override
    public Result run(String vmName, VmRequest req, char[] pin) throws BrokerException, InterruptedException {
        return RequestGuard.run(vmName, pin, metrics, LOG, () -> {
            try {
                return serve(vmName, req, pin);
            } catch (CoordinationException e) {
                throw BrokerException.err("coordination", e.getMessage()); // counted as "coordination"
            }
        });
    }

    private Result serve(String vmName, VmRequest req, char[] vmPin) throws BrokerException, InterruptedException {
        coord.requireAvailable();
        long t0 = nanos.getAsLong();
        GridCache c = cache;
        Binding vm = c == null ? null : c.binding(vmName).orElse(null);
        String refused = refusal(vm, vmName, req);
        if (refused != null) {
            // the copy may lag a new binding: a refusal is decided on the leader's binding
            vm = coord.bindings().get(vmName);
            refused = refusal(vm, vmName, req);
        }
        metrics.coordinationPhase("binding", nanos.getAsLong() - t0);
        if (refused != null) {
            throw BrokerException.err("denied", refused);
        }
        List<String> ids = VmPolicy.of(vm).cardsFor(req);
        pins.checkNotBlocked(vmName, vmPin);
        Socket server = TargetConnect.open(req.target(), config.handshakeTimeoutMillis());
        boolean ok = false;
        try {
            long queued = nanos.getAsLong();
            Taken t = take(ids, vmPin == null);
            Result r = handshake(vmName, req, vmPin, t, server, queued);
            ok = true;
            return r;
        } finally {
            if (!ok) {
                TargetConnect.close(server);
            }
        }
    }

    /** Why {@code vm}'s binding {@code b} (null: none) does not allow {@code req}, or null when it does. */
    private static String refusal(Binding b, String vmName, VmRequest req) {
        if (b == null) {
            return "VM '" + vmName + "' has no binding in ZooKeeper (an operator binds it with `secfunet grid`)";
        }
        return VmPolicy.of(b).refusal(req);
    }

    /**
     * The SE {@code id}'s RACS server (endpoint, certificate fingerprint), from the copy when it has
     * both entries and says the SE is in service, else as the leader has them; null (a reason added)
     * when it is not in service.
     */
    private ServerInfo locate(String id, List<String> reasons) {
        long t0 = nanos.getAsLong();
        try {
            GridCache c = cache;
            if (c != null) {
                Optional<SeInfo> se = c.se(id);
                if (se.isPresent() && se.get().health().ok()) {
                    Optional<ServerInfo> srv = c.server(se.get().server());
                    if (srv.isPresent()) {
                        return srv.get();
                    }
                }
            }
            Optional<SeInfo> se = coord.registry().se(id);
            if (se.isEmpty()) {
                reasons.add("SE " + id + " is not registered (its RACS server is down or does not serve it)");
                return null;
            }
            if (!se.get().health().ok()) {
                reasons.add("SE " + id + " is out of service (" + se.get().health().reason() + ")");
                return null;
            }
            Optional<ServerInfo> srv = coord.registry().server(se.get().server());
            if (srv.isEmpty()) {
                reasons.add("SE " + id + ": its RACS server " + se.get().server() + " is not registered");
                return null;
            }
            return srv.get();
        } finally {
            metrics.coordinationPhase("registry", nanos.getAsLong() - t0);
        }
    }

    /**
     * An SE of {@code ids} with its lock and its gate: first any that is free now (one with a kept
     * session first), else the next in turn, waiting at most {@code queue.wait_ms} in all.
     */
    private Taken take(List<String> ids, boolean mayReuse) throws BrokerException, InterruptedException {
        long end = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(config.queueWaitMillis());
        List<String> order = new ArrayList<>(ids);
        java.util.Collections.rotate(order, -Math.floorMod(rotation.getAndIncrement(), order.size()));
        order.sort((a, b) -> Boolean.compare(kept.containsKey(b), kept.containsKey(a)));
        List<String> reasons = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        for (String id : order) {
            Semaphore g = gate(id);
            if (!g.tryAcquire()) {
                busy.add(id);
                continue;
            }
            Taken t = claim(id, Duration.ZERO, mayReuse, reasons, busy, g);
            if (t != null) {
                return t;
            }
        }
        if (busy.isEmpty()) {
            throw BrokerException.err("card", "no card of this VM is in service: " + String.join("; ", reasons));
        }
        metrics.lockWait();
        String id = busy.get(0);
        Semaphore g = gate(id);
        long left = TimeUnit.NANOSECONDS.toMillis(end - nanos.getAsLong());
        if (left > 0 && g.tryAcquire(left, TimeUnit.MILLISECONDS)) {
            left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - nanos.getAsLong()));
            int known = reasons.size();
            Taken t = claim(id, Duration.ofMillis(left), mayReuse, reasons, new ArrayList<>(), g);
            if (t != null) {
                return t;
            }
            if (reasons.size() > known && busy.size() == 1) {
                // the one we waited for left service meanwhile, and no other was there to wait for
                throw BrokerException.err("card", "no card of this VM is in service: " + String.join("; ", reasons));
            }
        }
        metrics.lockTimeout();
        throw new BrokerException(VmReply.busy(config.retryAfterMillis(), "every card of this VM is in use (waited "
                + config.queueWaitMillis() + " ms for its grid lock)"));
    }

    /**
     * Holding {@code id}'s gate: its kept session (when still valid and {@code mayReuse}), or its
     * grid lock taken within {@code timeout}; null (the gate given back) when it is not in service
     * (a reason added) or another holder kept its lock that long (added to {@code busy}).
     */
    private Taken claim(String id, Duration timeout, boolean mayReuse, List<String> reasons, List<String> busy, Semaphore g) {
        boolean done = false;
        try {
            Kept k = kept.remove(id);
            if (k != null) {
                if (mayReuse && k.lock().valid() && answers(k.card())) {
                    done = true;
                    return new Taken(id, k.lock(), k, null, null);
                }
                closeQuietly(k.card());
                release(k.lock());
            }
            ServerInfo srv = locate(id, reasons);
            if (srv == null) {
                return null;
            }
            HostPort at = HostPort.parse(srv.endpoint(), "RACS server " + srv.name() + " endpoint");
            Optional<SeLocks.Held> lock = coord.locks().acquire(id, holder.get(), timeout);
            if (lock.isEmpty()) {
                busy.add(id);
                return null;
            }
            metrics.coordinationPhase("lock", lock.get().lockNanos());
            metrics.coordinationPhase("token", lock.get().tokenNanos());
            held.add(lock.get());
            done = true;
            return new Taken(id, lock.get(), null, new RacsAddress(at.host(), at.port(), id), srv);
        } finally {
            if (!done) {
                g.release();
            }
        }
    }

    private Result handshake(String vmName, VmRequest req, char[] vmPin, Taken t, Socket server, long queued) throws BrokerException {
        long start = nanos.getAsLong();
        EapSmartcard sc = null;
        boolean keptNow = false;
        String id = t.seid();
        HypervisorConfig.Card card = config.cards().get(id);
        try {
            String identity;
            if (t.kept() != null) {
                sc = t.kept().card();
                identity = t.kept().identity();
            } else {
                sc = new EapSmartcard(racs.openFenced(t.address(), t.lock().token(), t.server().certSha256()), Tracer.OFF);
                identity = ServiceCard.open(sc, c -> pins.present(vmName, vmPin, id, t.address().text(), card == null ? null : card.pin(), c),
                        card == null ? "" : card.identity());
            }
            metrics.cardSession(t.kept() != null);
            CardTlsClient.Handshake h = CardTlsClient.connect(sc, identity, req.cardOptions(), server,
                    Duration.ofMillis(config.handshakeTimeoutMillis()), Instant.now(), m -> { }, req.mode() == HypervisorConfig.Mode.HANDOFF);
            long cardNanos = nanos.getAsLong() - start;
            if (vmPin == null && keepNanos > 0 && !closed && t.lock().valid()) {
                kept.put(id, new Kept(sc, identity, t.lock(), nanos.getAsLong()));
                keptNow = true;
                if (closed) {
                    discard(id);
                }
            }
            metrics.handshake(vmName, VmPolicy.modeName(req.mode()), id, start - queued, cardNanos);
            return new Result(h, server, id, start - queued, cardNanos);
        } catch (EapCardException e) {
            throw BrokerException.err("card", "card " + id + " refused: " + e.getMessage());
        } catch (ServerCertificateMismatchException e) {
            String why = e.notRegistered(t.server().name());
            LOG.warn("SE {}: {}", id, why);
            throw BrokerException.err("card", why);
        } catch (TransportException e) {
            StaleFencingTokenException stale = stale(e);
            if (stale != null) {
                metrics.staleToken();
                LOG.warn("SE {}: our grid lock was lost (token {} < {}); the card is fine", id, stale.token(), stale.newest());
                throw BrokerException.err("card", "card " + id + ": this hypervisor lost the SE's grid lock (ZooKeeper session expired) "
                        + "and another holder took the card (fencing token " + stale.token() + " < " + stale.newest() + "); try again");
            }
            LOG.warn("card {} failed: {}", id, e.getMessage());
            throw BrokerException.err("card", "card " + id + " failed: " + e.getMessage());
        } catch (IOException e) {
            StaleFencingTokenException stale = stale(e);
            if (stale != null) {
                metrics.staleToken();
                throw BrokerException.err("card", "card " + id + ": this hypervisor lost the SE's grid lock and another holder took the card; try again");
            }
            throw BrokerException.err("tls", "handshake with " + req.target() + " failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw BrokerException.err("card", "card " + id + ": " + e.getMessage());
        } finally {
            if (!keptNow) {
                closeQuietly(sc);
                release(t.lock());
            }
            gate(id).release();
        }
    }

    /** The stale-token refusal in {@code e}'s causes, or null. */
    private static StaleFencingTokenException stale(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StaleFencingTokenException s) {
                return s;
            }
        }
        return null;
    }

    private static boolean answers(EapSmartcard card) {
        try {
            card.state(); // answered only while the PIN stays verified
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Closes the kept sessions idle longer than the keep time, whose lock is no longer valid, or
     * whose SE another instance waits for (the kept lock would make it wait up to its
     * {@code queue.wait_ms}, then answer BUSY), when their SE is free here; how many.
     */
    @Override
    public int sweepKept() {
        int n = 0;
        long now = nanos.getAsLong();
        for (Map.Entry<String, Kept> e : List.copyOf(kept.entrySet())) {
            if (now - e.getValue().sinceNanos() < keepNanos && e.getValue().lock().valid() && !wantedElsewhere(e.getKey())) {
                continue;
            }
            Semaphore g = gate(e.getKey());
            if (!g.tryAcquire()) {
                continue; // in use: the request that holds it decides
            }
            try {
                if (kept.remove(e.getKey(), e.getValue())) {
                    closeQuietly(e.getValue().card());
                    release(e.getValue().lock());
                    n++;
                }
            } finally {
                g.release();
            }
        }
        return n;
    }

    /** Whether another holder waits for {@code seid}'s lock (false when ZooKeeper cannot say now: the keep time still bounds the keep). */
    private boolean wantedElsewhere(String seid) {
        try {
            boolean w = coord.locks().contended(seid);
            if (w) {
                LOG.debug("kept session of {} given up: another holder waits for its grid lock", seid);
            }
            return w;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** No local pool on a grid: the registry's SE health says what is in service. */
    @Override
    public boolean probe(String cardId) {
        return false;
    }

    @Override
    public int keptSessions() {
        return kept.size();
    }

    @Override
    public void closeKept() {
        closed = true;
        List.copyOf(kept.keySet()).forEach(this::discard);
    }

    private void discard(String id) {
        Kept k = kept.remove(id);
        if (k != null) {
            closeQuietly(k.card());
            release(k.lock());
        }
    }

    private Semaphore gate(String id) {
        return gates.computeIfAbsent(id, k -> new Semaphore(1, true));
    }

    /**
     * Releases {@code lock} in the background ({@link SeLocks.Held#closeInBackground}): neither the
     * VM's answer nor the sweeper waits for ZooKeeper (nor for Curator's bounded retries when it is
     * away). This hypervisor's next request for the SE is applied after the release (one session's
     * requests are applied in order).
     */
    private void release(SeLocks.Held lock) {
        if (held.remove(lock)) {
            long t0 = nanos.getAsLong();
            try {
                lock.closeInBackground();
            } catch (RuntimeException e) {
                LOG.warn("cannot release the grid lock of SE {}: {}", lock.seid(), e.getMessage());
            }
            metrics.coordinationPhase("release", nanos.getAsLong() - t0);
        }
    }

    private static void closeQuietly(EapSmartcard card) {
        if (card != null) {
            try {
                card.closeAndReset();
            } catch (RuntimeException ignored) {
                // the card path is already broken
            }
        }
    }
}
