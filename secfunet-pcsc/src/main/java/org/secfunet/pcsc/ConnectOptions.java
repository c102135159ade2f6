package org.secfunet.pcsc;

import java.util.Locale;

/**
 * How to connect: sharing mode, protocol ("*", "T=0", "T=1"), how long to wait for a card, an
 * optional fencing token ({@link #NO_FENCING_TOKEN}: none) and an optional expected server
 * certificate (null: none). A fencing token is a number from a coordination service's lock,
 * 1..2^63-1, larger for each new lock holder; a provider whose reader can check it
 * ({@link ReaderProvider#presentsFencingTokens}, the RACS client) presents it when it opens the
 * card (a stale token is refused with {@link FencingRefusedException}), and {@link Readers} refuses
 * a fenced connect to any other provider rather than open the card unfenced. The expected server
 * certificate is the SHA-256 fingerprint of the DER encoding of the leaf certificate the card's
 * server must present, as 64 lower-case hex digits (what a RACS server registers in ZooKeeper); a
 * provider that can check it ({@link ReaderProvider#checksServerCertificates}) refuses any other
 * certificate with {@link ServerCertificateMismatchException}, and {@link Readers} refuses such a
 * connect to any other provider.
 */
public record ConnectOptions(ShareMode share, String protocol, long waitForCardMillis, long fencingToken, String serverCertSha256) {
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
        serverCertSha256 = serverCertSha256 == null ? null : checkSha256(serverCertSha256);
    }

    /** Without a fencing token or an expected server certificate. */
    public ConnectOptions(ShareMode share, String protocol, long waitForCardMillis) {
        this(share, protocol, waitForCardMillis, NO_FENCING_TOKEN, null);
    }

    /** Without an expected server certificate. */
    public ConnectOptions(ShareMode share, String protocol, long waitForCardMillis, long fencingToken) {
        this(share, protocol, waitForCardMillis, fencingToken, null);
    }

    /** {@code sha256} as 64 lower-case hex digits; refused unless it is 64 hex digits. */
    public static String checkSha256(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a certificate fingerprint is 64 hex digits (SHA-256)");
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    public ConnectOptions exclusive() {
        return new ConnectOptions(ShareMode.EXCLUSIVE, protocol, waitForCardMillis, fencingToken, serverCertSha256);
    }

    public ConnectOptions waitingFor(long millis) {
        return new ConnectOptions(share, protocol, millis, fencingToken, serverCertSha256);
    }

    /** The same options presenting {@code token} (1..2^63-1). */
    public ConnectOptions fencedWith(long token) {
        if (token < 1) {
            throw new IllegalArgumentException("a fencing token is 1..2^63-1, not " + token);
        }
        return new ConnectOptions(share, protocol, waitForCardMillis, token, serverCertSha256);
    }

    /**
     * The same options requiring the card's server to present the leaf certificate whose DER
     * encoding has the SHA-256 fingerprint {@code sha256} (64 hex digits).
     */
    public ConnectOptions expectingServerCertificate(String sha256) {
        return new ConnectOptions(share, protocol, waitForCardMillis, fencingToken, checkSha256(sha256));
    }

    /** True when a fencing token is to be presented. */
    public boolean fenced() {
        return fencingToken != NO_FENCING_TOKEN;
    }

    /** True when the server's certificate must have the fingerprint {@link #serverCertSha256()}. */
    public boolean pinsServerCertificate() {
        return serverCertSha256 != null;
    }
}
