package org.secfunet.eap.sm;

import java.time.Duration;

/**
 * calculateTimeout() of RFC 4137 §5.3: the method's own timeout if it gave one, else the initial
 * retransmission timeout, doubled per retransmission and capped (RFC 3748 §4.3 leaves the
 * algorithm to the implementation).
 */
public record Timeouts(Duration initial, Duration max, int maxRetrans) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(60), 4);

    public Timeouts {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxRetrans < 0 || maxRetrans > 100) {
            throw new IllegalArgumentException("bad timeouts: initial " + initial + ", max " + max + ", maxRetrans " + maxRetrans);
        }
    }

    Duration calculateTimeout(int retransCount, int methodTimeoutSeconds) {
        Duration base = methodTimeoutSeconds > 0 ? Duration.ofSeconds(methodTimeoutSeconds) : initial;
        Duration t = base.multipliedBy(1L << Math.min(retransCount, 16));
        return t.compareTo(max) > 0 ? max : t;
    }
}
