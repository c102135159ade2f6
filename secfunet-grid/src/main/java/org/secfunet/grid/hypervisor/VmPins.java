package org.secfunet.grid.hypervisor;

import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ServiceCard;
import org.secfunet.pcsc.part10.PinPadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PIN step of a handshake, the same for a card of the local pool and for an SE of a grid on
 * ZooKeeper: the operator-held PIN when the VM sent none (read from its secret source, or typed by
 * the operator on the reader's pinpad, {@link OperatorPin}), else the VM's PIN under its budget
 * ({@link PinBudget}) and never into the card's reserve ({@code pin.reserve}). A VM's PIN never
 * uses the pinpad.
 */
final class VmPins {
    private static final Logger LOG = LoggerFactory.getLogger(VmPins.class);

    private final HypervisorConfig config;
    private final PinBudget pins;
    private final HypervisorMetrics metrics;

    VmPins(HypervisorConfig config, PinBudget pins, HypervisorMetrics metrics) {
        this.config = config;
        this.pins = pins;
        this.metrics = metrics;
    }

    PinBudget budget() {
        return pins;
    }

    /** Refuses at once when the VM's window is full of wrong PINs (only when it sends a PIN). */
    void checkNotBlocked(String vmName, char[] vmPin) throws BrokerException {
        if (vmPin != null) {
            long wait = pins.blockedForMillis(vmName);
            if (wait > 0) {
                throw pinLimit(wait);
            }
        }
    }

    /**
     * Presents {@code vmPin} (or, when null, the operator-held {@code operatorPin}) to the selected card
     * {@code cardId}, which is in {@code reader} (for messages).
     */
    void present(String vmName, char[] vmPin, String cardId, String reader, OperatorPin operatorPin, EapSmartcard sc)
            throws BrokerException {
        if (vmPin == null) {
            if (operatorPin == null) {
                throw BrokerException.err("pin", "card " + cardId + " needs a PIN: send 'PIN digits' before CONNECT");
            }
            if (operatorPin.pinPad()) {
                onPinPad(cardId, reader, sc);
                return;
            }
            try {
                ServiceCard.verifyPin(sc, operatorPin.secret().read());
            } catch (EapCardException.PinException e) {
                LOG.error("the operator PIN of card {} is wrong ({} tries left)", cardId, e.triesLeft());
                throw BrokerException.err("card", "card " + cardId + " rejected its configured PIN; the operator must fix it");
            }
            return;
        }
        int left = sc.pinTriesLeft();
        if (left < 0) {
            return; // PIN disabled on this card: nothing to present
        }
        if (left <= config.pinReserve()) {
            throw BrokerException.err("pin", "card " + cardId + " has " + left + " PIN tries left; they are kept for the operator");
        }
        // the try is reserved before the PIN reaches the card, so concurrent requests cannot overrun the VM's window
        PinBudget.Attempt attempt;
        try {
            attempt = pins.reserve(vmName, config.queueWaitMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BrokerException.err("pin", "interrupted while waiting to present the PIN");
        }
        if (attempt == null) {
            throw pinLimit(pins.retryAfterMillis(vmName));
        }
        try {
            sc.verifyPin(vmPin);
        } catch (EapCardException.PinException e) {
            attempt.failed();
            metrics.pinFailure(vmName);
            LOG.warn("wrong PIN from vm {} for card {}: {} tries left, {} recent failures", vmName, cardId, e.triesLeft(),
                    pins.recentFailures(vmName));
            throw BrokerException.err("pin", "wrong PIN for card " + cardId + ", " + e.triesLeft() + " tries left");
        } finally {
            attempt.close(); // gives the try back unless it failed (closing first, as try-with-resources does, would lose the failure)
        }
    }

    /** The operator types the card's PIN on its reader's pinpad; no pinpad, a wrong PIN, a cancel or a timeout refuses the handshake. */
    private static void onPinPad(String cardId, String reader, EapSmartcard sc) throws BrokerException {
        if (!sc.hasPinPad()) {
            LOG.error("card {}: pin = \"pinpad\" but reader {} has no pinpad (no FEATURE_VERIFY_PIN_DIRECT)", cardId, reader);
            throw BrokerException.err("card", "card " + cardId + ": reader " + reader
                    + " has no pinpad for its operator PIN; the operator must give the card a pin source or a pinpad reader");
        }
        LOG.info("card {}: type its PIN on the pinpad of reader {}", cardId, reader);
        try {
            sc.verifyPinOnPinPad();
        } catch (EapCardException.PinException e) {
            LOG.error("card {}: the PIN typed on the pinpad of reader {} is wrong ({} tries left)", cardId, reader, e.triesLeft());
            throw BrokerException.err("card", "card " + cardId + " rejected the PIN typed on the pinpad of reader " + reader
                    + " (" + e.triesLeft() + " tries left)");
        } catch (PinPadException e) {
            LOG.error("card {}: no PIN from the pinpad of reader {}: {}", cardId, reader, e.getMessage());
            throw BrokerException.err("card", "card " + cardId + ": no PIN from the pinpad of reader " + reader + " (" + e.getMessage()
                    + "); the operator must type it on the next handshake");
        }
    }

    static BrokerException pinLimit(long retryAfterMillis) {
        return BrokerException.err("pin-limit", "too many wrong PINs from this VM; retry_after_ms=" + retryAfterMillis);
    }
}
