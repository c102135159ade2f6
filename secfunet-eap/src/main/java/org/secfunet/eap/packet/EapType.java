package org.secfunet.eap.packet;

/** EAP method types used here (IANA "EAP Method Types"). */
public final class EapType {
    public static final int NONE = -1;
    public static final int IDENTITY = 1;
    public static final int NOTIFICATION = 2;
    public static final int NAK = 3;
    public static final int MD5_CHALLENGE = 4;
    public static final int TLS = 13;
    public static final int SIM = 18;
    public static final int AKA = 23;
    public static final int AKA_PRIME = 50;
    public static final int EXPANDED = 254;
    /** Expanded Nak: expanded type with vendor 0, vendor-type 3 (RFC 3748 §5.3.2). */
    public static final int EXPANDED_NAK = 0x1000003;

    private EapType() {
    }

    public static String name(int type) {
        return switch (type) {
            case IDENTITY -> "Identity";
            case NOTIFICATION -> "Notification";
            case NAK -> "Nak";
            case MD5_CHALLENGE -> "MD5-Challenge";
            case TLS -> "TLS";
            case SIM -> "SIM";
            case AKA -> "AKA";
            case AKA_PRIME -> "AKA'";
            case EXPANDED -> "Expanded";
            case EXPANDED_NAK -> "Expanded-Nak";
            case NONE -> "none";
            default -> "type " + type;
        };
    }
}
