package org.secfunet.apdu.layer;

import java.io.ByteArrayOutputStream;
import org.secfunet.apdu.ProtocolException;
import org.secfunet.apdu.Transport;

/**
 * After {@code 61 xx}, sends GET RESPONSE ({@code CLA C0 00 00 xx}, CLA of the original command
 * by default, as the EAP smart card expects {@code A0 C0}) until the card stops saying 61, and
 * returns the concatenated data with the last status word.
 */
public final class GetResponseLayer implements Transport {
    private final Transport next;
    private final Integer fixedCla;
    private final Limits limits;

    public GetResponseLayer(Transport next, Limits limits) {
        this(next, null, limits);
    }

    /** @param fixedCla CLA for GET RESPONSE, or null to reuse the command's CLA */
    public GetResponseLayer(Transport next, Integer fixedCla, Limits limits) {
        this.next = next;
        this.fixedCla = fixedCla;
        this.limits = limits;
    }

    @Override
    public byte[] transmit(byte[] command) {
        byte[] answer = next.transmit(command);
        if (!Bytes.hasSw1(answer, 0x61)) {
            return answer;
        }
        int cla = fixedCla != null ? fixedCla : (command.length > 0 ? command[0] & 0xFF : 0x00);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int round = 0; ; round++) {
            if (answer.length < 2) {
                throw new ProtocolException("answer to GET RESPONSE has no status word (" + answer.length + " byte)");
            }
            all.write(answer, 0, answer.length - 2);
            if (all.size() > limits.maxResponseBytes()) {
                throw new ProtocolException("GET RESPONSE total exceeds the cap of " + limits.maxResponseBytes() + " bytes");
            }
            if (!Bytes.hasSw1(answer, 0x61)) {
                all.write(answer, answer.length - 2, 2);
                return all.toByteArray();
            }
            if (round >= limits.maxRounds()) {
                throw new ProtocolException("card still answers 61xx after " + limits.maxRounds() + " GET RESPONSE commands");
            }
            int le = answer[answer.length - 1] & 0xFF;
            answer = next.transmit(new byte[] {(byte) cla, (byte) 0xC0, 0, 0, (byte) le});
        }
    }

    @Override
    public void close() {
        next.close();
    }
}
