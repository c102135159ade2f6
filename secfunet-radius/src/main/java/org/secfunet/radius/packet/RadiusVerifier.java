package org.secfunet.radius.packet;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the authenticators of received packets; all comparisons are constant-time
 * ({@link MessageDigest#isEqual}). The verifier only answers: dropping a packet that fails
 * (silently, as RFC 2865 and RFC 3579 ask) is the caller's job. The {@code …Problem} methods say
 * why a packet fails, for a debug log; the {@code verify…} methods are the same checks as booleans.
 *
 * <p>Message-Authenticator rules: at most one, with a 16-byte value; it must be present when the
 * packet carries EAP-Message (RFC 3579 §3.2), in a Status-Server (RFC 5997), or when the caller
 * requires it (Blast-RADIUS hardening); when present it must be correct.
 */
public final class RadiusVerifier {
    private RadiusVerifier() {
    }

    /** An Access-Request or Status-Server from a client with this secret passes the rules above. */
    public static boolean verifyRequest(RadiusPacket request, byte[] secret) {
        return requestProblem(request, secret, false) == null;
    }

    /** As {@link #verifyRequest(RadiusPacket, byte[])}; with {@code requireMessageAuthenticator} a request without one fails too. */
    public static boolean verifyRequest(RadiusPacket request, byte[] secret, boolean requireMessageAuthenticator) {
        return requestProblem(request, secret, requireMessageAuthenticator) == null;
    }

    /**
     * A reply to a request whose Request Authenticator was {@code requestAuthenticator}: the
     * Response Authenticator is correct, and the Message-Authenticator (keyed with the request's
     * authenticator) follows the rules above. A bare Access-Reject with neither EAP-Message nor
     * Message-Authenticator passes (FreeRADIUS sends one when State is missing).
     */
    public static boolean verifyReply(RadiusPacket reply, byte[] requestAuthenticator, byte[] secret) {
        return replyProblem(reply, requestAuthenticator, secret, false) == null;
    }

    /** As {@link #verifyReply(RadiusPacket, byte[], byte[])}; with {@code requireMessageAuthenticator} a reply without one fails too. */
    public static boolean verifyReply(RadiusPacket reply, byte[] requestAuthenticator, byte[] secret,
            boolean requireMessageAuthenticator) {
        return replyProblem(reply, requestAuthenticator, secret, requireMessageAuthenticator) == null;
    }

    /** Why {@code request} fails verification, or null if it passes. */
    public static String requestProblem(RadiusPacket request, byte[] secret, boolean requireMessageAuthenticator) {
        RadiusDigests.checkSecret(secret);
        if (request.code() != RadiusCode.ACCESS_REQUEST && request.code() != RadiusCode.STATUS_SERVER) {
            return request.code() + " is not an Access-Request or Status-Server";
        }
        boolean required = requireMessageAuthenticator || request.code() == RadiusCode.STATUS_SERVER
                || request.has(RadiusAttributeType.EAP_MESSAGE);
        return messageAuthenticatorProblem(request.encode(), request, secret, required);
    }

    /** Why {@code reply} fails verification against the request's authenticator, or null if it passes. */
    public static String replyProblem(RadiusPacket reply, byte[] requestAuthenticator, byte[] secret,
            boolean requireMessageAuthenticator) {
        RadiusDigests.checkSecret(secret);
        RadiusDigests.checkAuthenticator(requestAuthenticator, "Request Authenticator");
        if (!reply.code().isAccessReply()) {
            return reply.code() + " is not an Access-Accept, Access-Reject or Access-Challenge";
        }
        byte[] bytes = reply.encode();
        System.arraycopy(requestAuthenticator, 0, bytes, 4, RadiusPacket.AUTHENTICATOR_LENGTH);
        boolean responseOk = MessageDigest.isEqual(RadiusDigests.md5(bytes, secret), reply.authenticator());
        boolean required = requireMessageAuthenticator || reply.has(RadiusAttributeType.EAP_MESSAGE);
        String maProblem = messageAuthenticatorProblem(bytes, reply, secret, required);
        if (!responseOk) {
            return "wrong Response Authenticator (wrong secret, wrong request, or altered in transit)";
        }
        return maProblem;
    }

    /**
     * Checks the Message-Authenticator of {@code packet}, whose encoding (with the authenticator the
     * HMAC is keyed over already in the header) is {@code bytes}; {@code bytes} is modified.
     */
    private static String messageAuthenticatorProblem(byte[] bytes, RadiusPacket packet, byte[] secret,
            boolean required) {
        List<RadiusAttribute> attributes = packet.attributes();
        int valueOffset = -1;
        int count = 0;
        int off = RadiusPacket.HEADER_LENGTH;
        for (RadiusAttribute a : attributes) {
            if (a.type() == RadiusAttributeType.MESSAGE_AUTHENTICATOR) {
                count++;
                if (a.length() != 18) {
                    return "Message-Authenticator has Length " + a.length() + ", not 18";
                }
                valueOffset = off + 2;
            }
            off += a.length();
        }
        if (count > 1) {
            return count + " Message-Authenticator attributes, at most 1 allowed";
        }
        if (count == 0) {
            return required ? "Message-Authenticator missing (required with EAP-Message, in Status-Server, or by policy)" : null;
        }
        byte[] received = Arrays.copyOfRange(bytes, valueOffset, valueOffset + 16);
        Arrays.fill(bytes, valueOffset, valueOffset + 16, (byte) 0);
        byte[] expected = RadiusDigests.hmacMd5(secret, bytes);
        return MessageDigest.isEqual(expected, received) ? null
                : "wrong Message-Authenticator (wrong secret, wrong request, or altered in transit)";
    }
}
