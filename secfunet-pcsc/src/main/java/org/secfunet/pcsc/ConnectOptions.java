package org.secfunet.pcsc;

/**
 * How to connect: sharing mode, protocol ("*", "T=0", "T=1"), how long to wait for a card, and
 * an optional fencing token ({@link #NO_FENCING_TOKEN}: none). A fencing token is a number from a
 * coordination service's lock, 1..2^63-1, larger for each new lock holder; a provider whose
 * reader can check it ({@link ReaderProvider#presentsFencingTokens}, the RACS client) presents
 * it when it opens the card (a stale token is refused with {@link FencingRefusedException}), and
 * {@link Readers} refuses a fenced connect to any other provider rather than open the card unfenced.
 */
public record ConnectOptions(ShareMode share, String protocol, long waitForCardMillis, long fencingToken) {
    /** No fencing token: the card is opened as ever. */
    public static final long NO_FENCING_TOKEN = 0;
    public static final ConnectOptions DEFAULT = new ConnectOptions(ShareMode.SHARED, "*", 0);

    public ConnectOptions {
        if (!protocol.equals("*") && !protocol.equals("T=0") && !protocol.equals("T=1")) {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "' (choose *, T=0 or T=1)");
        }
        if (waitForCardMillis < 0 || waitForCardMillis > 3_600_000) {
            throw new IllegalArgumentException("wait for card must be 0..3600000 ms");
        }
        if (fencingToken < 0) {
            throw new IllegalArgumentException("a fencing token is 1..2^63-1 (0 for none), not " + fencingToken);
        }
    }

    /** Without a fencing token. */
    public ConnectOptions(ShareMode share, String protocol, long waitForCardMillis) {
        this(share, protocol, waitForCardMillis, NO_FENCING_TOKEN);
    }

    public ConnectOptions exclusive() {
        return new ConnectOptions(ShareMode.EXCLUSIVE, protocol, waitForCardMillis, fencingToken);
    }

    public ConnectOptions waitingFor(long millis) {
        return new ConnectOptions(share, protocol, millis, fencingToken);
    }

    /** The same options presenting {@code token} (1..2^63-1). */
    public ConnectOptions fencedWith(long token) {
        if (token < 1) {
            throw new IllegalArgumentException("a fencing token is 1..2^63-1, not " + token);
        }
        return new ConnectOptions(share, protocol, waitForCardMillis, token);
    }

    /** True when a fencing token is to be presented. */
    public boolean fenced() {
        return fencingToken != NO_FENCING_TOKEN;
    }
}
