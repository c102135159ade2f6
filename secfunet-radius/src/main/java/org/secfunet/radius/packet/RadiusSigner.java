package org.secfunet.radius.packet;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds signed packets. Every packet built here carries exactly one Message-Authenticator
 * (HMAC-MD5, RFC 3579 §3.2), placed first among the attributes as the Blast-RADIUS
 * (CVE-2024-3596) hardening recommends; a Message-Authenticator in the given attributes is
 * replaced. Computation order for replies (RFC 2865 §3, RFC 3579 §3.2): serialise with the
 * request's authenticator in the header and a zero Message-Authenticator, fill in the HMAC, then
 * compute the Response Authenticator over the final attributes.
 */
public final class RadiusSigner {
    private RadiusSigner() {
    }

    /** 16 random bytes for a Request Authenticator. */
    public static byte[] newRequestAuthenticator(SecureRandom random) {
        byte[] auth = new byte[RadiusPacket.AUTHENTICATOR_LENGTH];
        random.nextBytes(auth);
        return auth;
    }

    /**
     * An Access-Request with a fresh random Request Authenticator and a Message-Authenticator.
     * Keep {@link RadiusPacket#authenticator()}: it checks the reply and decrypts MPPE keys; a
     * retransmission resends the same bytes.
     */
    public static RadiusPacket accessRequest(int identifier, List<RadiusAttribute> attributes, byte[] secret, SecureRandom random) {
        return signRequest(RadiusCode.ACCESS_REQUEST, identifier, newRequestAuthenticator(random), attributes, secret);
    }

    /**
     * An Access-Request or Status-Server with the given Request Authenticator (which must be
     * unpredictable and unique per request) and a Message-Authenticator keyed with the secret.
     */
    public static RadiusPacket signRequest(RadiusCode code, int identifier, byte[] requestAuthenticator,
            List<RadiusAttribute> attributes, byte[] secret) {
        if (code != RadiusCode.ACCESS_REQUEST && code != RadiusCode.STATUS_SERVER) {
            throw new IllegalArgumentException("only Access-Request and Status-Server carry a random Request Authenticator, not " + code);
        }
        RadiusDigests.checkSecret(secret);
        RadiusDigests.checkAuthenticator(requestAuthenticator, "Request Authenticator");
        return withMessageAuthenticator(code, identifier, requestAuthenticator, attributes, secret);
    }

    /** A reply (Access-Accept, -Reject or -Challenge) to {@code request}: same Identifier, keyed with its Request Authenticator. */
    public static RadiusPacket reply(RadiusPacket request, RadiusCode code, List<RadiusAttribute> attributes, byte[] secret) {
        return reply(code, request.identifier(), request.authenticator(), attributes, secret);
    }

    /**
     * A reply with a Message-Authenticator keyed with {@code requestAuthenticator} and the Response
     * Authenticator {@code MD5(Code ‖ Identifier ‖ Length ‖ RequestAuth ‖ Attributes ‖ Secret)}.
     * MS-MPPE key attributes must be encrypted with the same Request Authenticator ({@link Mppe}).
     */
    public static RadiusPacket reply(RadiusCode code, int identifier, byte[] requestAuthenticator,
            List<RadiusAttribute> attributes, byte[] secret) {
        if (!code.isAccessReply()) {
            throw new IllegalArgumentException("a reply is Access-Accept, Access-Reject or Access-Challenge, not " + code);
        }
        RadiusDigests.checkSecret(secret);
        RadiusDigests.checkAuthenticator(requestAuthenticator, "Request Authenticator");
        RadiusPacket signed = withMessageAuthenticator(code, identifier, requestAuthenticator, attributes, secret);
        byte[] responseAuthenticator = RadiusDigests.md5(signed.encode(), secret);
        return signed.withAuthenticator(responseAuthenticator);
    }

    /** The packet with {@code authenticator} in its header and a correct Message-Authenticator as first attribute. */
    private static RadiusPacket withMessageAuthenticator(RadiusCode code, int identifier, byte[] authenticator,
            List<RadiusAttribute> attributes, byte[] secret) {
        List<RadiusAttribute> list = new ArrayList<>(attributes.size() + 1);
        list.add(RadiusAttribute.wrap(RadiusAttributeType.MESSAGE_AUTHENTICATOR, new byte[16]));
        for (RadiusAttribute a : attributes) {
            if (a.type() != RadiusAttributeType.MESSAGE_AUTHENTICATOR) {
                list.add(a);
            }
        }
        byte[] mac = RadiusDigests.hmacMd5(secret, new RadiusPacket(code, identifier, authenticator, list).encode());
        list.set(0, RadiusAttribute.wrap(RadiusAttributeType.MESSAGE_AUTHENTICATOR, mac));
        return new RadiusPacket(code, identifier, authenticator, list);
    }
}
