package org.secfunet.eap.sm;

import org.secfunet.eap.packet.EapPacket;

/** An EAP method on the peer side, with the procedures of RFC 4137 §4.4 (m.check, m.process, ...). */
public interface EapPeerMethod {
    /** The EAP type this method answers. */
    int type();

    /** {@code ignore = m.check(eapReqData)}: true when the request must be silently ignored. */
    default boolean check(EapPacket eapReqData) {
        return false;
    }

    /** {@code (methodState, decision, allowNotifications) = m.process(eapReqData)}. */
    Outcome process(EapPacket eapReqData);

    /** {@code eapRespData = m.buildResp(reqId)}. */
    EapPacket buildResp(int reqId);

    /** {@code m.isKeyAvailable()}. */
    boolean isKeyAvailable();

    /** {@code m.getKey()}: the MSK ‖ EMSK key material, or null. */
    byte[] getKey();

    /** What m.process returns. */
    record Outcome(PeerMethodState methodState, PeerDecision decision, boolean allowNotifications) {
    }
}
