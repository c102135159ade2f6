package org.secfunet.cli;

import org.secfunet.apdu.CardStatusException;
import org.secfunet.apdu.StatusWord;
import org.secfunet.pcsc.eapcard.EapCardException;
import org.secfunet.pcsc.sim.SimException;

/**
 * The one line for a card's refusal: what the card said (the command, in words) and, where the
 * user can fix it, the command that does.
 */
final class CardAdvice {
    static final String NO_APPLET = "the card holds no EAP-TLS applet (is it a secfunet EAP-TLS card? make one with: secfunet card init --store FILE)";
    static final String NO_IDENTITY = "the card has no identity yet: add one with: secfunet card set-identity -r READER --label LABEL --eap-id EAP-ID";
    static final String NO_SUCH_IDENTITY = "the card has no such identity (list them with: secfunet card show -r READER)";
    static final String NO_KEY = "the card has no key yet: make one with: secfunet card keygen -r READER, or load one with: secfunet card import -r READER";
    static final String NOT_READY = "the card has no key and certificate yet (load them with: secfunet card import -r READER --key FILE --cert FILE), "
            + "or the identity's role does not fit (s_scard needs one made with --role peer)";
    static final String PIN_BLOCKED = "unblock it with: secfunet card pin unblock -r READER";
    static final String PUK_BLOCKED = "the card can no longer be personalized or unblocked (make a new one with: secfunet card init)";
    static final String NO_SIM = "the card holds no SIM or USIM application (is it a SIM card?)";
    static final String SIM_PIN_BLOCKED = "unblock it with: secfunet sim unblock -r READER";

    private CardAdvice() {
    }

    static String message(CardStatusException e) {
        String advice = e instanceof EapCardException c ? eapCard(c) : e instanceof SimException s ? sim(s) : null;
        return advice == null ? e.getMessage() : e.getMessage() + "; " + advice;
    }

    private static String eapCard(EapCardException e) {
        String command = e.command();
        if (e instanceof EapCardException.PinException p) {
            boolean puk = command.contains("unblock PIN") || command.equals("UNBLOCK PIN");
            return !p.blocked() ? null : puk ? PUK_BLOCKED : PIN_BLOCKED;
        }
        int sw = e.sw();
        if (command.startsWith("SELECT") && (sw == StatusWord.FILE_NOT_FOUND || sw == StatusWord.INS_NOT_SUPPORTED
                || sw == StatusWord.CLA_NOT_SUPPORTED || sw == StatusWord.FUNCTION_NOT_SUPPORTED)) {
            return NO_APPLET;
        }
        if (sw == StatusWord.CONDITIONS_NOT_SATISFIED && command.startsWith("Set-Identity")) {
            return NOT_READY;
        }
        if (sw != StatusWord.REFERENCED_DATA_NOT_FOUND) {
            return null;
        }
        if (command.equals("Get-Preferred-Identity") || command.equals("Get-Current-Identity") || command.equals("Get-Next-Identity")) {
            return NO_IDENTITY;
        }
        if (command.startsWith("Set-Identity")) {
            return NO_SUCH_IDENTITY;
        }
        return command.startsWith("GET DATA public key") || command.startsWith("GET DATA certificate") ? NO_KEY : null;
    }

    private static String sim(SimException e) {
        if (e instanceof SimException.Pin p && p.triesLeft() == 0 && e.getMessage().contains("the PIN is blocked")) {
            return SIM_PIN_BLOCKED;
        }
        return e.getMessage().startsWith("SELECT") ? NO_SIM : null;
    }
}
