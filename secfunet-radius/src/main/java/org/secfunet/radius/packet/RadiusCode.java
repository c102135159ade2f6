package org.secfunet.radius.packet;

/**
 * The RADIUS packet codes this codec knows (RFC 2865 §3, RFC 2866 for Accounting, RFC 5997 for
 * Status-Server). Accounting is only recognised, not handled; any other code is refused by
 * {@link #of(int)}, which RFC 2865 asks to be silently discarded.
 */
public enum RadiusCode {
    ACCESS_REQUEST(1, "Access-Request"),
    ACCESS_ACCEPT(2, "Access-Accept"),
    ACCESS_REJECT(3, "Access-Reject"),
    ACCOUNTING_REQUEST(4, "Accounting-Request"),
    ACCOUNTING_RESPONSE(5, "Accounting-Response"),
    ACCESS_CHALLENGE(11, "Access-Challenge"),
    STATUS_SERVER(12, "Status-Server");

    /** The Code byte. */
    public final int value;
    private final String label;

    RadiusCode(int value, String label) {
        this.value = value;
        this.label = label;
    }

    /** The code for a Code byte, or a {@link RadiusFormatException} naming the unknown value. */
    public static RadiusCode of(int value) {
        for (RadiusCode c : values()) {
            if (c.value == value) {
                return c;
            }
        }
        throw new RadiusFormatException("unknown RADIUS code " + value
                + " (known: 1 Access-Request, 2 Accept, 3 Reject, 4/5 Accounting, 11 Challenge, 12 Status-Server)");
    }

    /** Access-Accept, Access-Reject or Access-Challenge: the answers to an Access-Request. */
    public boolean isAccessReply() {
        return this == ACCESS_ACCEPT || this == ACCESS_REJECT || this == ACCESS_CHALLENGE;
    }

    /** Codes sent by a client, whose Authenticator is a random Request Authenticator here. */
    public boolean isRequest() {
        return this == ACCESS_REQUEST || this == ACCOUNTING_REQUEST || this == STATUS_SERVER;
    }

    @Override
    public String toString() {
        return label;
    }
}
