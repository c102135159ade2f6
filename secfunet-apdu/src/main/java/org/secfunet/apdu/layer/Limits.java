package org.secfunet.apdu.layer;

/**
 * Bounds for the response-collecting layers: how many follow-up commands one exchange may take
 * and how many bytes it may collect. Every loop in the stack is bounded by these.
 */
public record Limits(int maxRounds, int maxResponseBytes) {
    /** 512 follow-ups and 1 MiB: far above any real card, far below harm. */
    public static final Limits DEFAULT = new Limits(512, 1 << 20);

    public Limits {
        if (maxRounds < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
