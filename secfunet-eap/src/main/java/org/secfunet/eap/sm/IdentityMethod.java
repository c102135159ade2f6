package org.secfunet.eap.sm;

import java.nio.charset.StandardCharsets;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;

/** The authenticator's Identity round (RFC 3748 §5.1) as a method: one request, one response. */
public final class IdentityMethod implements EapAuthenticatorMethod {
    /** An identity longer than this is refused (RFC 3748 puts no bound; NAIs are at most 253 bytes in RFC 7542). */
    public static final int MAX_IDENTITY = 253;
    private String identity;
    private boolean done;

    @Override
    public int type() {
        return EapType.IDENTITY;
    }

    @Override
    public void init() {
        identity = null;
        done = false;
    }

    @Override
    public void reset() {
        init();
    }

    @Override
    public EapPacket buildReq(int currentId) {
        return EapPacket.request(currentId, EapType.IDENTITY, new byte[0]);
    }

    @Override
    public boolean check(EapPacket eapRespData) {
        return eapRespData.typeData().length > MAX_IDENTITY;
    }

    @Override
    public void process(EapPacket eapRespData) {
        identity = new String(eapRespData.typeData(), StandardCharsets.UTF_8);
        done = true;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public boolean isSuccess() {
        return done;
    }

    @Override
    public byte[] getKey() {
        return null;
    }

    @Override
    public String identity() {
        return identity;
    }
}
