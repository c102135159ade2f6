package org.secfunet.jca.card;

/**
 * When the provider asks for the card's PIN (docs/jca.md, "PIN policy").
 */
public enum PinPolicy {
    /**
     * Asked once per key store or SSL context; the PIN is kept in that object's memory (never on disk,
     * never in a log) and presented again only to the same card (same serial) after the card was
     * reset, removed and reinserted, or pcscd restarted. A wrong PIN is never presented twice.
     */
    CACHE("cache"),
    /**
     * Asked for every signature or handshake; the card is reset after each, so no verification
     * outlives the operation it was given for.
     */
    PER_OPERATION("per-operation");

    private final String text;

    PinPolicy(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static PinPolicy parse(String s) {
        for (PinPolicy p : values()) {
            if (p.text.equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pin-policy '" + s + "' (use cache or per-operation)");
    }
}
