package org.secfunet.radius.server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.radius.packet.Mppe;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusEapMessage;
import org.secfunet.radius.packet.RadiusPacket;
import org.secfunet.radius.packet.RadiusSigner;

/** The three answers to an Access-Request carrying EAP (RFC 3579 §2.2): Challenge, Accept, Reject, signed with the client's secret. */
final class AccessReplies {
    /** Reply-Message text is cut to this many characters. */
    static final int MAX_REPLY_MESSAGE = 200;

    private AccessReplies() {
    }

    /** Access-Challenge: the card's next EAP request and the State naming the conversation. */
    static RadiusPacket challenge(RadiusPacket req, byte[] secret, byte[] eapRequest, byte[] state) {
        List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(eapRequest));
        attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, state));
        return RadiusSigner.reply(req, RadiusCode.ACCESS_CHALLENGE, attrs, secret);
    }

    /** Access-Accept: EAP-Success, the User-Name and the MSK as MS-MPPE keys (RFC 2548 §2.4.2, §2.4.3). */
    static RadiusPacket accept(RadiusPacket req, byte[] secret, byte[] eapSuccess, String userName, byte[] msk, SecureRandom random) {
        List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(eapSuccess));
        attrs.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, userName));
        attrs.addAll(Mppe.mppeAttributes(Arrays.copyOf(msk, Mppe.MSK_LENGTH), secret, req.authenticator(), random));
        return RadiusSigner.reply(req, RadiusCode.ACCESS_ACCEPT, attrs, secret);
    }

    /**
     * Access-Reject with {@code eapFailure}, or when null an EAP-Failure with the request's EAP
     * identifier (0 when it carries no EAP), and {@code why} as Reply-Message.
     */
    static RadiusPacket reject(RadiusPacket req, byte[] secret, byte[] eapFailure, String why) {
        byte[] failure = eapFailure;
        if (failure == null) {
            byte[] eap = req.eapMessage();
            int id = 0;
            try {
                id = eap == null ? 0 : EapPacket.parse(eap).identifier();
            } catch (RuntimeException ignored) {
                // not EAP: id 0
            }
            failure = EapPacket.failure(id).encode();
        }
        List<RadiusAttribute> attrs = new ArrayList<>(RadiusEapMessage.split(failure));
        String text = why.length() > MAX_REPLY_MESSAGE ? why.substring(0, MAX_REPLY_MESSAGE) : why;
        attrs.add(RadiusAttribute.text(RadiusAttributeType.REPLY_MESSAGE, text));
        return RadiusSigner.reply(req, RadiusCode.ACCESS_REJECT, attrs, secret);
    }
}
