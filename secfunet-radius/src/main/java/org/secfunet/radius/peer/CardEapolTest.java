package org.secfunet.radius.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.IdentityMethod;
import org.secfunet.eap.sm.Timeouts;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.SmartcardStart;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.radius.packet.Mppe;
import org.secfunet.radius.packet.RadiusAttribute;
import org.secfunet.radius.packet.RadiusAttributeType;
import org.secfunet.radius.packet.RadiusCode;
import org.secfunet.radius.packet.RadiusEapMessage;

/**
 * The seed's eapol_test with a card: the card is the EAP-TLS peer; this host is the RFC 4137
 * pass-through authenticator relaying its EAP over RADIUS to a real server; at the end the MPPE keys
 * of the Access-Accept are checked against the MSK the card derived.
 */
public final class CardEapolTest {
    /** How it ended. {@code reason} says why when it failed. */
    public record Result(boolean success, boolean mppeMatch, boolean mppePresent, int radiusRounds, String identity, String reason,
                         String replyMessage) {
    }

    private CardEapolTest() {
    }

    /**
     * @param card     the card, selected, PIN verified, its peer identity set
     * @param identity the EAP identity the card answers with (for User-Name; the card's own answer is relayed)
     */
    public static Result run(EapSmartcard card, RadiusClient radius, String callingStationId, Consumer<String> log) throws IOException {
        EapAuthenticatorStateMachine nas = new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(), true),
                Map.<Integer, Supplier<EapAuthenticatorMethod>>of(EapType.IDENTITY, IdentityMethod::new), Timeouts.DEFAULT, Clock.systemUTC());
        EapAuthenticatorStateMachine.Output out = nas.enable();
        byte[] state = null;
        byte[] serverMsk = null;
        String identity = null;
        String replyMessage = null;
        int radiusRounds = 0;
        while (true) { // bounded by the NAS machine's round cap: past it, the machine fails by itself
            if (out.eapSuccess() || out.eapFail()) {
                EapSmartcard.EapResult end = card.processEap(out.eapReqData());
                if (nas.roundCapReached()) {
                    return new Result(false, false, serverMsk != null, radiusRounds, identity, "no end after " + nas.maxRounds() + " rounds",
                            replyMessage);
                }
                if (out.eapFail()) {
                    return new Result(false, false, serverMsk != null, radiusRounds, identity, "the server rejected the peer"
                            + (replyMessage != null ? ": " + replyMessage : ""), replyMessage);
                }
                if (end.kind() != EapSmartcard.EapResult.Kind.SUCCESS) {
                    String why = card.failureReason();
                    return new Result(false, false, serverMsk != null, radiusRounds, identity, "the card did not accept EAP-Success ("
                            + end.kind() + (why != null ? ": " + why : "") + ")", replyMessage);
                }
                if (serverMsk == null) {
                    return new Result(false, false, false, radiusRounds, identity, "Access-Accept without MS-MPPE keys", replyMessage);
                }
                byte[] cardMsk = card.sessionKey();
                try {
                    boolean match = cardMsk.length >= Mppe.MSK_LENGTH
                            && MessageDigest.isEqual(Arrays.copyOf(cardMsk, Mppe.MSK_LENGTH), serverMsk);
                    log.accept("MPPE keys OK: " + (match ? 1 : 0) + "  mismatch: " + (match ? 0 : 1));
                    return new Result(match, match, true, radiusRounds, identity, match ? null : "the MPPE keys differ from the card's MSK",
                            replyMessage);
                } finally {
                    Arrays.fill(cardMsk, (byte) 0);
                    Arrays.fill(serverMsk, (byte) 0);
                }
            }
            if (out.aaaEapRespData() != null) {
                byte[] resp = out.aaaEapRespData();
                if (identity == null) {
                    EapPacket first = EapPacket.parse(resp);
                    if (first.hasType() && first.type() == EapType.IDENTITY) {
                        identity = new String(first.typeData(), StandardCharsets.UTF_8);
                    } else {
                        return new Result(false, false, false, radiusRounds, null, "the card's first answer is not EAP-Response/Identity", null);
                    }
                }
                List<RadiusAttribute> attrs = new ArrayList<>();
                attrs.add(RadiusAttribute.text(RadiusAttributeType.USER_NAME, identity));
                attrs.add(RadiusAttribute.text(RadiusAttributeType.NAS_IDENTIFIER, "secfunet-eapol_test"));
                attrs.add(RadiusAttribute.integer(RadiusAttributeType.SERVICE_TYPE, RadiusAttributeType.SERVICE_TYPE_FRAMED));
                attrs.add(RadiusAttribute.integer(RadiusAttributeType.FRAMED_MTU, 1400));
                attrs.add(RadiusAttribute.integer(RadiusAttributeType.NAS_PORT_TYPE, RadiusAttributeType.NAS_PORT_TYPE_802_11));
                attrs.add(RadiusAttribute.text(RadiusAttributeType.CALLING_STATION_ID, callingStationId));
                if (state != null) {
                    attrs.add(RadiusAttribute.of(RadiusAttributeType.STATE, state));
                }
                attrs.addAll(RadiusEapMessage.split(resp));
                RadiusClient.Exchange ex = radius.send(attrs);
                radiusRounds++;
                RadiusAttribute rm = ex.reply().attribute(RadiusAttributeType.REPLY_MESSAGE);
                if (rm != null) {
                    replyMessage = new String(rm.value(), StandardCharsets.UTF_8);
                }
                byte[] eap = ex.reply().eapMessage();
                RadiusCode code = ex.reply().code();
                log.accept("RADIUS " + code + " (id " + ex.reply().identifier() + ", " + ex.reply().length() + " bytes)");
                if (code == RadiusCode.ACCESS_CHALLENGE) {
                    if (eap == null) {
                        return new Result(false, false, false, radiusRounds, identity, "Access-Challenge without EAP-Message", replyMessage);
                    }
                    state = ex.reply().state();
                    out = nas.aaaRequest(eap, 0);
                } else if (code == RadiusCode.ACCESS_ACCEPT) {
                    serverMsk = Mppe.mskFromReply(ex.reply(), radius.secret(), ex.request().authenticator());
                    out = nas.aaaAccept(eap != null ? eap : EapPacket.success(lastId(resp)).encode(), serverMsk);
                } else {
                    // a bare Access-Reject (FreeRADIUS sends one) still ends the peer with EAP-Failure
                    out = nas.aaaReject(eap != null ? eap : EapPacket.failure(lastId(resp)).encode());
                }
                continue;
            }
            byte[] req = out.eapReqData();
            if (req == null) {
                return new Result(false, false, false, radiusRounds, identity, "the authenticator has nothing to send (" + nas.state() + ")",
                        replyMessage);
            }
            EapPacket p = EapPacket.parse(req);
            if (p.hasType() && p.type() == EapType.TLS && EapTlsMessage.parse(p.typeData()).isStart()) {
                req = SmartcardStart.encode(p.identifier(), Instant.now()); // the card has no clock of its own
            }
            EapSmartcard.EapResult r = card.processEap(req);
            if (r.kind() != EapSmartcard.EapResult.Kind.PACKET) {
                String why = card.failureReason();
                return new Result(false, false, false, radiusRounds, identity, "the card ended the conversation (" + r.kind()
                        + (why != null ? ": " + why : "") + ")", replyMessage);
            }
            out = nas.receive(r.packet());
        }
    }

    private static int lastId(byte[] eapResponse) {
        try {
            return EapPacket.parse(eapResponse).identifier();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
