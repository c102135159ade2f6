package org.secfunet.pcsc;

/**
 * The card's server refused the connect or a command because the fencing token presented
 * ({@link ConnectOptions#fencingToken()}) is stale: a newer holder of the lock has presented a
 * newer one. Nothing of the refused command reached the card, and retrying with the same token
 * cannot succeed: take the lock again. Thrown by the providers that present fencing tokens
 * ({@link ReaderProvider#presentsFencingTokens}); the RACS client's subclass names the tokens.
 */
public class FencingRefusedException extends ReaderException {
    private static final long serialVersionUID = 1L;

    public FencingRefusedException(String message) {
        super(message);
    }
}
