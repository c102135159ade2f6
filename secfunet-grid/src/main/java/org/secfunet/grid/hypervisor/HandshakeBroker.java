package org.secfunet.grid.hypervisor;

import org.secfunet.service.CardPool;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.secfunet.apdu.TransportException;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ServiceCard;
import org.secfunet.tls.CardTlsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VM request, start to end of the handshake: policy (the VM's own cards, modes and targets
 * only), the PIN rules (rate limit per VM, a reserve of tries the VM cannot spend), a card lease
 * from the pool, the TLS proxy handshake in the card, and the card's release right after key
 * export. No network listening here: {@link Hypervisor} owns the sockets.
 */
public final class HandshakeBroker implements Broker {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeBroker.class);

    private final HypervisorConfig config;
    private final CardPool pool;
    private final VmPins pins;
    private final Readers readers;
    private final HypervisorMetrics metrics;
    private final LongSupplier nanos;
    private final KeptCards kept;

    public HandshakeBroker(HypervisorConfig config, CardPool pool, PinBudget pins, Readers readers, HypervisorMetrics metrics, LongSupplier nanos) {
        this.kept = new KeptCards(config.cardKeepMillis(), nanos);
        this.config = config;
        this.pool = pool;
        this.pins = new VmPins(config, pins, metrics);
        this.readers = readers;
        this.metrics = metrics;
        this.nanos = nanos;
    }

    /** Runs the request for {@code vmName}; {@code pin} (may be null: the operator-held PIN) is wiped. */
    @Override
    public Result run(String vmName, VmRequest req, char[] pin) throws BrokerException, InterruptedException {
        return RequestGuard.run(vmName, pin, metrics, LOG, () -> serve(vmName, req, pin));
    }

    private Result serve(String vmName, VmRequest req, char[] vmPin) throws BrokerException, InterruptedException {
        HypervisorConfig.Vm vm = config.vms().get(vmName);
        if (vm == null) {
            throw BrokerException.err("denied", "VM '" + vmName + "' is not configured here");
        }
        VmPolicy policy = VmPolicy.of(vm);
        String refused = policy.refusal(req);
        if (refused != null) {
            throw BrokerException.err("denied", refused);
        }
        List<String> ids = policy.cardsFor(req);
        pins.checkNotBlocked(vmName, vmPin);
        Socket server = TargetConnect.open(req.target(), config.handshakeTimeoutMillis());
        CardPool.Lease lease;
        try {
            lease = pool.lease(ids, config.queueWaitMillis());
        } catch (CardPool.Busy e) {
            TargetConnect.close(server);
            throw new BrokerException(VmReply.busy(config.retryAfterMillis(), e.getMessage()));
        } catch (CardPool.Unavailable e) {
            TargetConnect.close(server);
            throw BrokerException.err("card", e.getMessage());
        } catch (InterruptedException e) {
            TargetConnect.close(server);
            throw e;
        }
        long held = nanos.getAsLong();
        HypervisorConfig.Card card = config.cards().get(lease.cardId());
        boolean ok = false;
        try {
            Result r = handshake(vmName, req, vmPin, card, lease, server, held);
            ok = true;
            return r;
        } finally {
            if (!ok) {
                TargetConnect.close(server);
            }
        }
    }

    private Result handshake(String vmName, VmRequest req, char[] vmPin, HypervisorConfig.Card card, CardPool.Lease lease, Socket server, long held)
            throws BrokerException {
        EapSmartcard sc = null;
        boolean done = false;
        try {
            // an operator-PIN card may still be open and verified from the previous handshake; a VM's PIN is always checked afresh
            KeptCards.Kept reused = vmPin == null ? kept.reuse(card.id()) : null;
            if (vmPin != null) {
                kept.discard(card.id());
            }
            String identity;
            if (reused != null) {
                sc = reused.card();
                identity = reused.identity();
            } else {
                sc = ServiceCard.connect(readers, card.reader());
                identity = ServiceCard.open(sc, c -> pins.present(vmName, vmPin, card.id(), card.reader().text(), card.pin(), c), card.identity());
            }
            metrics.cardSession(reused != null);
            // the whole handshake is bounded, however slowly the target answers: the card goes back to the pool in time
            CardTlsClient.Handshake h = CardTlsClient.connect(sc, identity, req.cardOptions(), server,
                    Duration.ofMillis(config.handshakeTimeoutMillis()), Instant.now(), m -> { }, req.mode() == HypervisorConfig.Mode.HANDOFF);
            if (vmPin == null) {
                kept.keep(card.id(), sc, identity); // closed instead when nothing is kept
            } else {
                sc.closeAndReset(); // the VM's PIN verification ends with this request
            }
            sc = null;
            long cardNanos = nanos.getAsLong() - held;
            lease.close(); // released right after key export
            metrics.handshake(vmName, VmPolicy.modeName(req.mode()), card.id(), lease.queuedNanos(), cardNanos);
            done = true;
            return new Result(h, server, card.id(), lease.queuedNanos(), cardNanos);
        } catch (EapCardException e) {
            // the card answered: it is fine, the request is not
            throw BrokerException.err("card", "card " + card.id() + " refused: " + e.getMessage());
        } catch (TransportException e) {
            // the path to the card broke (removed, reader or grid gone): out of service until a probe finds it
            lease.fail(e.getMessage());
            LOG.warn("card {} leaves the pool: {}", card.id(), e.getMessage());
            throw BrokerException.err("card", "card " + card.id() + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw BrokerException.err("tls", "handshake with " + req.target() + " failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw BrokerException.err("card", "card " + card.id() + ": " + e.getMessage());
        } finally {
            if (sc != null) {
                try {
                    sc.closeAndReset();
                } catch (RuntimeException ignored) {
                    // the card path is already broken
                }
            }
            if (!done) {
                metrics.busy(card.id(), nanos.getAsLong() - held);
                lease.close(); // no-op when already failed
            }
        }
    }

    /** Closes the card sessions kept verified longer than {@code limits.card_keep_ms} whose card is free; returns how many. */
    @Override
    public int sweepKept() {
        return kept.sweep(pool);
    }

    /** Card sessions kept open and verified now. */
    @Override
    public int keptSessions() {
        return kept.size();
    }

    /** Closes every kept card session (the hypervisor is closing). */
    @Override
    public void closeKept() {
        kept.close();
    }

    /** True when the card answers again (used by the pool's probe). */
    @Override
    public boolean probe(String cardId) {
        boolean back = EapSmartcard.answers(readers, config.cards().get(cardId).reader());
        if (back) {
            LOG.info("card {} is back in the pool", cardId);
        }
        return back;
    }
}
