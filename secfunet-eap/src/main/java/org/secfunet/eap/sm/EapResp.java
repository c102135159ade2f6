package org.secfunet.eap.sm;

import org.secfunet.eap.packet.EapCode;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;

/**
 * What parseEapResp() of RFC 4137 §5.3 yields: rxResp, respId, respMethod (an Expanded Nak reads as
 * {@link EapType#EXPANDED_NAK}) and the packet. A malformed packet parses as nothing.
 */
record EapResp(boolean rxResp, int respId, int respMethod, EapPacket packet) {
    static final EapResp NOTHING = new EapResp(false, EapType.NONE, EapType.NONE, null);

    static EapResp parseEapResp(byte[] data) {
        if (data == null) {
            return NOTHING;
        }
        try {
            EapPacket p = EapPacket.parse(data);
            boolean rx = p.code() == EapCode.RESPONSE;
            int method = rx ? p.type() : EapType.NONE;
            if (rx && p.type() == EapType.EXPANDED && isExpandedNak(p.typeData())) {
                method = EapType.EXPANDED_NAK;
            }
            return new EapResp(rx, p.identifier(), method, p);
        } catch (EapFormatException e) {
            return NOTHING;
        }
    }

    private static boolean isExpandedNak(byte[] d) {
        return d.length >= 7 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0 && d[4] == 0 && d[5] == 0 && d[6] == 3;
    }

    boolean isNak() {
        return respMethod == EapType.NAK || respMethod == EapType.EXPANDED_NAK;
    }
}
