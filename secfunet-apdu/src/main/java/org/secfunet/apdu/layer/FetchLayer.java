package org.secfunet.apdu.layer;

import java.io.ByteArrayOutputStream;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.Transport;

/**
 * The EAP smart card's long responses (draft-urien-eap-smartcard §9.2): after {@code 9F xx} the
 * host sends FETCH {@code A0 12 00 00 xx} ({@code xx = 00} meaning 256) and keeps fetching while
 * the card answers 9Fxx; the data of every block is concatenated and the final SW returned.
 */
public final class FetchLayer implements Transport {
    /** FETCH as the EAP card's traces and applet use it. */
    public static final byte[] EAP_FETCH_HEADER = {(byte) 0xA0, 0x12, 0x00, 0x00};

    private final Transport next;
    private final byte[] header;
    private final int moreSw1;
    private final Limits limits;

    public FetchLayer(Transport next, Limits limits) {
        this(next, 0x9F, EAP_FETCH_HEADER, limits);
    }

    /**
     * @param moreSw1 the SW1 that says "more blocks" (9F for the EAP card)
     * @param header  the 4-byte FETCH header; P3 is the xx of the last status word
     */
    public FetchLayer(Transport next, int moreSw1, byte[] header, Limits limits) {
        if (header.length != 4) {
            throw new IllegalArgumentException("FETCH header must be 4 bytes");
        }
        this.next = next;
        this.moreSw1 = moreSw1;
        this.header = header.clone();
        this.limits = limits;
    }

    @Override
    public byte[] transmit(byte[] command) {
        byte[] answer = next.transmit(command);
        if (!Bytes.hasSw1(answer, moreSw1)) {
            return answer;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int round = 0; ; round++) {
            if (answer.length < 2) {
                throw new ProtocolException("answer to FETCH has no status word (" + answer.length + " byte)");
            }
            all.write(answer, 0, answer.length - 2);
            if (all.size() > limits.maxResponseBytes()) {
                throw new ProtocolException("FETCH total exceeds the cap of " + limits.maxResponseBytes() + " bytes");
            }
            if (!Bytes.hasSw1(answer, moreSw1)) {
                all.write(answer, answer.length - 2, 2);
                return all.toByteArray();
            }
            if (round >= limits.maxRounds()) {
                throw new ProtocolException("card still answers " + Integer.toHexString(moreSw1).toUpperCase()
                        + "xx after " + limits.maxRounds() + " FETCH commands");
            }
            byte[] fetch = {header[0], header[1], header[2], header[3], answer[answer.length - 1]};
            answer = next.transmit(fetch);
        }
    }

    @Override
    public void close() {
        next.close();
    }
}
