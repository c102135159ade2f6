package org.secfunet.pcsc;

/** How to connect: sharing mode, protocol ("*", "T=0", "T=1") and how long to wait for a card. */
public record ConnectOptions(ShareMode share, String protocol, long waitForCardMillis) {
    public static final ConnectOptions DEFAULT = new ConnectOptions(ShareMode.SHARED, "*", 0);

    public ConnectOptions {
        if (!protocol.equals("*") && !protocol.equals("T=0") && !protocol.equals("T=1")) {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "' (choose *, T=0 or T=1)");
        }
        if (waitForCardMillis < 0 || waitForCardMillis > 3_600_000) {
            throw new IllegalArgumentException("wait for card must be 0..3600000 ms");
        }
    }

    public ConnectOptions exclusive() {
        return new ConnectOptions(ShareMode.EXCLUSIVE, protocol, waitForCardMillis);
    }

    public ConnectOptions waitingFor(long millis) {
        return new ConnectOptions(share, protocol, millis);
    }
}
