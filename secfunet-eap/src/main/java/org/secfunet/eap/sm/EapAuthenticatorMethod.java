package org.secfunet.eap.sm;

import org.secfunet.eap.packet.EapPacket;

/** An EAP method on the authenticator side, with the procedures of RFC 4137 §5.4. */
public interface EapAuthenticatorMethod {
    int type();

    /** {@code m.init()}: the method is proposed. */
    void init();

    /** {@code m.reset()}: the peer refused the method (Nak). */
    void reset();

    /** {@code eapReqData = m.buildReq(currentId)}. */
    EapPacket buildReq(int currentId);

    /** {@code methodTimeout = m.getTimeout()}, seconds; 0 for the default. */
    default int getTimeout() {
        return 0;
    }

    /** {@code ignore = m.check(eapRespData)}. */
    default boolean check(EapPacket eapRespData) {
        return false;
    }

    /** {@code m.process(eapRespData)}. */
    void process(EapPacket eapRespData);

    /** {@code m.isDone()}. */
    boolean isDone();

    /** Whether the finished method authenticated the peer (what Policy.update learns). */
    boolean isSuccess();

    /** {@code eapKeyData = m.getKey()}: MSK ‖ EMSK, or null. */
    byte[] getKey();

    /** The identity the method learned (Identity method), or null. */
    default String identity() {
        return null;
    }
}
