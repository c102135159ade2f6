package org.secfunet.pcsc.eapcard;

import org.secfunet.apdu.CardStatusException;
import org.secfunet.apdu.StatusWord;

/**
 * The EAP-TLS card refused a command (or answered data this driver cannot use); the message names
 * the command and the status word's meaning. The card is reachable: this is not a transport failure.
 */
public class EapCardException extends CardStatusException {
    private static final long serialVersionUID = 1L;
    private final String command;

    public EapCardException(String message, int sw) {
        this(message, sw, "");
    }

    private EapCardException(String message, int sw, String command) {
        super(message, sw);
        this.command = command;
    }

    static EapCardException of(String command, int sw) {
        int sw1 = sw >> 8;
        if (sw == StatusWord.AUTH_METHOD_BLOCKED) {
            return new PinException(command + ": PIN blocked", sw, 0, command);
        }
        if (sw1 == 0x63) {
            int left = sw & 0x0F;
            return new PinException(command + ": PIN " + (left == (sw & 0xFF) ? "wrong or not verified" : "refused") + ", " + left + " tries left", sw, left, command);
        }
        return new EapCardException(command + " failed: " + StatusWord.format(sw), sw, command);
    }

    /** The command the card refused, as named in the message ("Get-Preferred-Identity", "VERIFY PIN"...), or "" when not one command. */
    public String command() {
        return command;
    }

    /** A PIN problem, with the tries left (0 when blocked). */
    public static final class PinException extends EapCardException {
        private static final long serialVersionUID = 1L;
        private final int triesLeft;

        PinException(String message, int sw, int triesLeft, String command) {
            super(message, sw, command);
            this.triesLeft = triesLeft;
        }

        public int triesLeft() {
            return triesLeft;
        }

        public boolean blocked() {
            return sw() == StatusWord.AUTH_METHOD_BLOCKED;
        }
    }
}
