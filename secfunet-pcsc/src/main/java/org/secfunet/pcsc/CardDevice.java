package org.secfunet.pcsc;

/**
 * A card seen from its contacts: power, reset, ATR and APDU exchange. Software cards implement it
 * so they can be served in-process or plugged into pcscd through vpcd. {@link #transmit} must
 * always answer with at least a status word, never throw for a bad command.
 */
public interface CardDevice {
    /** Answer to reset of the powered card. */
    byte[] atr();

    void powerOn();

    void powerOff();

    /** Warm reset: like power off then on, volatile state cleared. */
    void reset();

    /** One command APDU in, the response APDU (data and SW) out. */
    byte[] transmit(byte[] command);

    /** A short name for traces and "ready" lines. */
    String label();
}
