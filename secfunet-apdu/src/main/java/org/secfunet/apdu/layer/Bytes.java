package org.secfunet.apdu.layer;

import org.secfunet.apdu.ProtocolException;

final class Bytes {
    private Bytes() {
    }

    static boolean hasSw1(byte[] answer, int sw1) {
        if (answer.length < 2) {
            throw new ProtocolException("card answer of " + answer.length + " byte(s) has no status word");
        }
        return (answer[answer.length - 2] & 0xFF) == sw1;
    }

    static int sw(byte[] answer) {
        if (answer.length < 2) {
            throw new ProtocolException("card answer of " + answer.length + " byte(s) has no status word");
        }
        return ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
    }
}
