package org.secfunet.radius.packet;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** MD5 and HMAC-MD5 from the JDK, and the shared-secret check, for the signer, verifier and MPPE. */
final class RadiusDigests {
    private RadiusDigests() {
    }

    static byte[] md5(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacMD5", e);
        }
    }

    /** A shared secret must be present and non-empty (RFC 2865 §3); a programming error otherwise. */
    static void checkSecret(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("the RADIUS shared secret must not be empty");
        }
    }

    static void checkAuthenticator(byte[] authenticator, String what) {
        if (authenticator == null || authenticator.length != RadiusPacket.AUTHENTICATOR_LENGTH) {
            throw new IllegalArgumentException(what + " must be 16 bytes, got "
                    + (authenticator == null ? "none" : authenticator.length + " bytes"));
        }
    }
}
