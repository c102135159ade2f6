package org.secfunet.pcsc;

import java.util.Set;
import javax.smartcardio.CardException;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.TransportException;

/** Reads the PC/SC error code out of javax.smartcardio's exceptions and maps it to ours. */
final class PcscErrors {
    /** Codes after which the PC/SC context is no good and must be re-established. */
    private static final Set<String> CONTEXT_LOST = Set.of(
            "SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED", "SCARD_E_INVALID_HANDLE",
            "SCARD_F_COMM_ERROR", "SCARD_E_INVALID_PARAMETER", "SCARD_E_UNKNOWN_READER");
    private static final Set<String> CARD_GONE = Set.of(
            "SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_RESET_CARD", "SCARD_W_UNPOWERED_CARD",
            "SCARD_E_NOT_TRANSACTED", "SCARD_W_UNRESPONSIVE_CARD", "SCARD_E_READER_UNAVAILABLE");

    private PcscErrors() {
    }

    /** The SCARD_* code in the exception chain, or "" when there is none. */
    static String code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                int i = m.indexOf("SCARD_");
                if (i >= 0) {
                    int j = i;
                    while (j < m.length() && (Character.isLetterOrDigit(m.charAt(j)) || m.charAt(j) == '_')) {
                        j++;
                    }
                    return m.substring(i, j);
                }
            }
        }
        return "";
    }

    static boolean contextLost(Throwable t) {
        return CONTEXT_LOST.contains(code(t));
    }

    static boolean noReaders(Throwable t) {
        return code(t).equals("SCARD_E_NO_READERS_AVAILABLE");
    }

    /** Our exception for a failed exchange with a card in {@code reader}. */
    static TransportException forTransmit(String reader, CardException e) {
        String code = code(e);
        if (CARD_GONE.contains(code) || e.getMessage() != null && e.getMessage().contains("removed")) {
            return new CardRemovedException("card in reader '" + reader + "' was removed or stopped answering (" + (code.isEmpty() ? e.getMessage() : code) + ")", e);
        }
        return new TransportException("exchange with the card in reader '" + reader + "' failed: " + (code.isEmpty() ? e.getMessage() : code), e);
    }
}
