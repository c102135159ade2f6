package org.secfunet.radius.packet;

import java.security.SecureRandom;

/** A "SecureRandom" handing out a counter sequence, for reproducible tests. */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private int next;

    FixedRandom(int first) {
        this.next = first;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) next++;
        }
    }
}
