package org.secfunet.grid.racs;

import org.secfunet.apdu.TransportException;

/**
 * What a {@link SecureElement} tells about itself while it serves sessions, for the grid registry:
 * that it works (after every successful operation on a powered card, with the card's ATR) and its
 * hardware errors. Called under the SE's mutex on a session's thread: implementations only record
 * and hand the work to another thread; they never block nor throw.
 */
interface SeObserver {
    /** Tells nothing to anyone. */
    SeObserver NONE = new SeObserver() {
        @Override
        public void working(SecureElement se, byte[] atr) {
        }

        @Override
        public void failed(SecureElement se, boolean onPowerOn, TransportException e) {
        }
    };

    /** An operation on the powered card succeeded; {@code atr} is the card's. */
    void working(SecureElement se, byte[] atr);

    /** A hardware error powered the SE off: on power-on ({@code onPowerOn}) or during a command. */
    void failed(SecureElement se, boolean onPowerOn, TransportException e);
}
