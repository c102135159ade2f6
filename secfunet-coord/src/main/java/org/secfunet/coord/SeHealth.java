package org.secfunet.coord;

/** An SE's health as its RACS server last saw it: ok, or failed with a one-line reason (at most 200 characters). */
public record SeHealth(boolean ok, String reason) {
    /** In service. */
    public static final SeHealth OK = new SeHealth(true, "");

    public SeHealth {
        reason = reason == null ? "" : reason.replaceAll("[\\r\\n\\t]+", " ");
        if (reason.length() > 200) {
            reason = reason.substring(0, 200);
        }
    }

    /** Out of service, with why. */
    public static SeHealth failed(String reason) {
        return new SeHealth(false, reason);
    }
}
