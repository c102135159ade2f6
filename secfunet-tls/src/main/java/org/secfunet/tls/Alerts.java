package org.secfunet.tls;

import org.bouncycastle.tls.AlertDescription;

/** TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2) by name: Bouncy Castle's {@link AlertDescription}. */
public final class Alerts {
    private Alerts() {
    }

    /** The RFC name of an alert description ("bad_record_mac"), or "alert N" for one without a name. */
    public static String name(int d) {
        String name = d == (short) d ? AlertDescription.getName((short) d) : "UNKNOWN";
        return "UNKNOWN".equals(name) ? "alert " + d : name;
    }
}
