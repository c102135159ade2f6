package org.secfunet.card.runtime;

import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;

/**
 * An application on a software card, selected by AID. The runtime does SELECT, GET RESPONSE,
 * ISO command chaining and response length shaping; the applet sees whole commands.
 */
public interface Applet {
    /** The application identifier (5..16 bytes). */
    byte[] aid();

    /** A short name for listings. */
    String name();

    /** Called when SELECT picks this applet; the answer is returned to the host. */
    default ResponseApdu select(CommandApdu select) {
        return ResponseApdu.of(0x9000);
    }

    /** Called when another applet is selected or the card is reset/powered off. */
    default void deselect() {
    }

    /** Power-on or reset: volatile state (verified PINs, buffers) is lost. */
    default void reset() {
    }

    /**
     * SW1 with which the runtime announces response bytes waiting for GET RESPONSE after this
     * command: {@code 0x61} (ISO 7816-4) unless the applet says otherwise (a GSM SIM answers
     * {@code 0x9F} to CLA {@code A0}).
     */
    default int responseAvailableSw1(CommandApdu command) {
        return 0x61;
    }

    /** Processes one command; must not throw for bad input (answer with a status word). */
    ResponseApdu process(CommandApdu command);
}
