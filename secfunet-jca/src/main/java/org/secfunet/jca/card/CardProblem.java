package org.secfunet.jca.card;

/**
 * Why the provider could not use a card, said so that the JCA/JSSE exception carrying it names the
 * cause and what to do (never a PIN). The service implementations turn it into the exception type
 * their API declares ({@code KeyStoreException}, {@code SignatureException},
 * {@code SSLHandshakeException}) with this message.
 */
public final class CardProblem extends java.security.ProviderException {
    private static final long serialVersionUID = 1L;

    /** The kinds of problem, for callers that act on them. */
    public enum Reason { NO_READER, CARD_ABSENT, WRONG_PIN, PIN_BLOCKED, NO_PIN, NO_IDENTITY, OTHER_CARD, BUSY, CARD_REFUSED }

    private final Reason reason;
    private final int triesLeft;

    public CardProblem(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    public CardProblem(Reason reason, String message, int triesLeft, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.triesLeft = triesLeft;
    }

    public Reason reason() {
        return reason;
    }

    /** PIN tries left when the reason is {@link Reason#WRONG_PIN} (0 for {@link Reason#PIN_BLOCKED}), else -1. */
    public int triesLeft() {
        return triesLeft;
    }
}
