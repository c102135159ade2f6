package org.secfunet.pcsc.sim;

import org.secfunet.apdu.TransportException;

/** A SIM/USIM command the card refused, with its status word and what it means here. */
public class SimException extends TransportException {
    private static final long serialVersionUID = 1L;
    private final int sw;

    public SimException(String message, int sw) {
        super(message + String.format(" (SW %04X)", sw));
        this.sw = sw;
    }

    public int sw() {
        return sw;
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
