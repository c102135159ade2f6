package org.secfunet.grid.racs;

import java.util.Locale;

/**
 * Whether an SE may be powered on without a fencing token ({@code fencing} in the configuration,
 * per server and per SE; docs/racs.md, "Fencing tokens").
 */
public enum FencingMode {
    /** Tokens are checked when given; a power-on without one works as it always did (the default). */
    OPTIONAL,
    /** Every power-on needs a token: {@code POWERON SEID} alone, or an APDU on an SE that is off, is refused. */
    REQUIRED;

    /** The value as the configuration writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a configuration value names, or null. */
    static FencingMode ofConfigName(String value) {
        for (FencingMode m : values()) {
            if (m.configName().equals(value)) {
                return m;
            }
        }
        return null;
    }
}
