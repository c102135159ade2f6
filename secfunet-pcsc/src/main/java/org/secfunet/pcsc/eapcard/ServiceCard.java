package org.secfunet.pcsc.eapcard;

import java.util.Arrays;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.Readers;

/**
 * Opening an EAP-TLS card for a service (radius_server, s_hypervisor), written once so every
 * service opens its cards alike: connect, SELECT the applet, present the PIN the service's way,
 * and choose the identity to serve (the configured one, else the card's preferred one). The
 * caller owns the card from {@link #connect} on and closes it however the open ends.
 */
public final class ServiceCard {
    /** How a service presents the PIN to the selected card (an operator PIN, a client's PIN with its own rules...). */
    @FunctionalInterface
    public interface PinStep<X extends Exception> {
        void present(EapSmartcard card) throws X;
    }

    private ServiceCard() {
    }

    /** A driver for the card at {@code address}: default connect options, no trace, extended APDUs when the path and the card allow them ({@link ApduMode#AUTO}). */
    public static EapSmartcard connect(Readers readers, ReaderAddress address) {
        return new EapSmartcard(readers.connect(address, ConnectOptions.DEFAULT), Tracer.OFF);
    }

    /**
     * SELECT, the PIN step, then the identity: {@code identity} unless it is empty (or null), else
     * the card's preferred identity (Get-Preferred-Identity). Returns the identity chosen.
     */
    public static <X extends Exception> String open(EapSmartcard card, PinStep<X> pin, String identity) throws X {
        card.select();
        pin.present(card);
        return identity == null || identity.isEmpty() ? card.preferredIdentity() : identity;
    }

    /** The PIN step of a service whose operator holds the PIN: VERIFY {@code pin}, which is wiped afterwards. */
    public static void verifyPin(EapSmartcard card, char[] pin) {
        try {
            card.verifyPin(pin);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }
}
