package org.secfunet.pcsc.sim;

import org.secfunet.apdu.CardStatusException;

/**
 * A SIM/USIM command the card refused (or an answer this driver cannot use), with its status word
 * and what it means here. The card is reachable: this is not a transport failure.
 */
public class SimException extends CardStatusException {
    private static final long serialVersionUID = 1L;

    public SimException(String message, int sw) {
        super(message + String.format(" (SW %04X)", sw), sw);
    }

    /** The PIN was wrong ({@link #triesLeft()} left) or is blocked (0). */
    public static final class Pin extends SimException {
        private static final long serialVersionUID = 1L;
        private final int triesLeft;

        Pin(String message, int sw, int triesLeft) {
            super(message, sw);
            this.triesLeft = triesLeft;
        }

        public int triesLeft() {
            return triesLeft;
        }
    }
}
