package org.secfunet.radius.packet;

/** Attribute type numbers used by the EAP pass-through (RFC 2865, 2869, 3579, 4072) and MS-MPPE (RFC 2548). */
public final class RadiusAttributeType {
    public static final int USER_NAME = 1;
    public static final int NAS_IP_ADDRESS = 4;
    public static final int SERVICE_TYPE = 6;
    public static final int FRAMED_MTU = 12;
    public static final int REPLY_MESSAGE = 18;
    public static final int STATE = 24;
    public static final int VENDOR_SPECIFIC = 26;
    public static final int SESSION_TIMEOUT = 27;
    public static final int CALLING_STATION_ID = 31;
    public static final int NAS_IDENTIFIER = 32;
    public static final int NAS_PORT_TYPE = 61;
    public static final int EAP_MESSAGE = 79;
    public static final int MESSAGE_AUTHENTICATOR = 80;
    public static final int EAP_KEY_NAME = 102;

    /** Microsoft's SMI enterprise number, the Vendor-Id of the MS-MPPE attributes. */
    public static final int VENDOR_MICROSOFT = 311;
    /** Microsoft vendor type of MS-MPPE-Send-Key (RFC 2548 §2.4.2). */
    public static final int MS_MPPE_SEND_KEY = 16;
    /** Microsoft vendor type of MS-MPPE-Recv-Key (RFC 2548 §2.4.3). */
    public static final int MS_MPPE_RECV_KEY = 17;

    /** Service-Type value Framed. */
    public static final int SERVICE_TYPE_FRAMED = 2;
    /** NAS-Port-Type value Ethernet. */
    public static final int NAS_PORT_TYPE_ETHERNET = 15;
    /** NAS-Port-Type value Wireless - IEEE 802.11. */
    public static final int NAS_PORT_TYPE_802_11 = 19;

    private RadiusAttributeType() {
    }

    /** A readable name for traces, {@code Attr-N} for types not listed here. */
    public static String name(int type) {
        return switch (type) {
            case USER_NAME -> "User-Name";
            case NAS_IP_ADDRESS -> "NAS-IP-Address";
            case SERVICE_TYPE -> "Service-Type";
            case FRAMED_MTU -> "Framed-MTU";
            case REPLY_MESSAGE -> "Reply-Message";
            case STATE -> "State";
            case VENDOR_SPECIFIC -> "Vendor-Specific";
            case SESSION_TIMEOUT -> "Session-Timeout";
            case CALLING_STATION_ID -> "Calling-Station-Id";
            case NAS_IDENTIFIER -> "NAS-Identifier";
            case NAS_PORT_TYPE -> "NAS-Port-Type";
            case EAP_MESSAGE -> "EAP-Message";
            case MESSAGE_AUTHENTICATOR -> "Message-Authenticator";
            case EAP_KEY_NAME -> "EAP-Key-Name";
            default -> "Attr-" + type;
        };
    }
}
