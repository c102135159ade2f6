package org.secfunet.pcsc.eapcard;

/** Get-State values (draft-urien-eap-smartcard §5.8). */
public enum CardState {
    IDENTITY_NOT_SET(1), AUTHENTICATING(2), AUTHENTICATED(3), NOT_AUTHENTICATED(4);

    public final int code;

    CardState(int code) {
        this.code = code;
    }

    static CardState of(int v) {
        for (CardState s : values()) {
            if (s.code == v) {
                return s;
            }
        }
        throw new EapCardException("card reported unknown state " + v, 0x9000);
    }
}
