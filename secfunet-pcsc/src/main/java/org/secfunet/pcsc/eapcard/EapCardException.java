package org.secfunet.pcsc.eapcard;

import org.secfunet.apdu.StatusWord;
import org.secfunet.apdu.TransportException;

/** The card refused a command; the message names the command and the status word's meaning. */
public class EapCardException extends TransportException {
    private static final long serialVersionUID = 1L;
    private final int sw;

    public EapCardException(String message, int sw) {
        super(message);
        this.sw = sw;
    }

    static EapCardException of(String command, int sw) {
        int sw1 = sw >> 8;
        if (sw == StatusWord.AUTH_METHOD_BLOCKED) {
            return new PinException(command + ": PIN blocked", sw, 0);
        }
        if (sw1 == 0x63) {
            int left = sw & 0x0F;
            return new PinException(command + ": PIN " + (left == (sw & 0xFF) ? "wrong or not verified" : "refused") + ", " + left + " tries left", sw, left);
        }
        return new EapCardException(command + " failed: " + StatusWord.format(sw), sw);
    }

    public int sw() {
        return sw;
    }

    /** A PIN problem, with the tries left (0 when blocked). */
    public static final class PinException extends EapCardException {
        private static final long serialVersionUID = 1L;
        private final int triesLeft;

        PinException(String message, int sw, int triesLeft) {
            super(message, sw);
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
