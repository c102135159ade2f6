package org.secfunet.card.eaptls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.pcsc.eapcard.EapCardCommands.Ins;
import org.secfunet.pcsc.eapcard.EapCardCommands.Sw;

/**
 * The applet's APDU I/O for long messages (draft-urien-eap-smartcard §9.2): parts coming in with
 * P1 bit 0 "More" are collected (capped); answers longer than the direct limit go out as 9F00
 * then FETCH blocks — unless the command's extended Le lets the whole answer go at once.
 */
final class EapEngine {
    /** Answers up to this size go out directly to a short-APDU host (the 2005 applet's 240). */
    static final int DIRECT_MAX = 240;
    static final int MAX_INCOMING = 64 * 1024;

    private ByteArrayOutputStream incoming;
    private int incomingIns = -1;
    private byte[] outgoing;
    private int outgoingOffset;
    private int finalSw = StatusWord.OK;

    /**
     * Adds a part; returns the whole data when the part is the last (More clear), null when more
     * parts are expected, and throws {@link Overflow} when the cap is exceeded.
     */
    byte[] collect(CommandApdu c) {
        if (incoming == null || incomingIns != c.ins()) {
            incoming = new ByteArrayOutputStream();
            incomingIns = c.ins();
        }
        incoming.writeBytes(c.data());
        if (incoming.size() > MAX_INCOMING) {
            incoming = null;
            throw new Overflow();
        }
        if ((c.p1() & Ins.MORE) != 0) {
            return null;
        }
        byte[] all = incoming.toByteArray();
        incoming = null;
        return all;
    }

    /** An answer to {@code c}: direct when it fits, else the first step of the FETCH sequence. */
    ResponseApdu answer(CommandApdu c, byte[] data, int sw) {
        outgoing = null;
        boolean fits = data.length <= DIRECT_MAX || (c.isExtended() && c.ne() >= data.length);
        if (fits) {
            return new ResponseApdu(data, sw);
        }
        outgoing = data;
        outgoingOffset = 0;
        finalSw = sw;
        return ResponseApdu.of(Sw.FETCH_MORE);
    }

    /** FETCH {@code A0 12 00 00 xx}: the next block. */
    ResponseApdu fetch(CommandApdu c) {
        if (outgoing == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        int n = Math.min(c.ne() == 0 ? 256 : c.ne(), outgoing.length - outgoingOffset);
        byte[] block = Arrays.copyOfRange(outgoing, outgoingOffset, outgoingOffset + n);
        outgoingOffset += n;
        int left = outgoing.length - outgoingOffset;
        if (left == 0) {
            outgoing = null;
            return new ResponseApdu(block, finalSw);
        }
        return new ResponseApdu(block, Sw.FETCH_MORE | (Math.min(left, 256) & 0xFF));
    }

    void reset() {
        incoming = null;
        outgoing = null;
    }

    /** More parts than the card can hold. */
    static final class Overflow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Overflow() {
            super("incoming data exceeds " + MAX_INCOMING + " bytes", null, false, false);
        }
    }
}
