package org.secfunet.pcsc.eapcard;

import org.secfunet.apdu.StatusWord;

/** Get-State values ({@link EapCardCommands.State}). */
public enum CardState {
    IDENTITY_NOT_SET(EapCardCommands.State.IDENTITY_NOT_SET), AUTHENTICATING(EapCardCommands.State.AUTHENTICATING),
    AUTHENTICATED(EapCardCommands.State.AUTHENTICATED), NOT_AUTHENTICATED(EapCardCommands.State.NOT_AUTHENTICATED);

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
        throw new EapCardException("card reported unknown state " + v, StatusWord.OK);
    }
}
