package org.secfunet.jca.sign;

import java.security.SignatureException;
import java.util.Arrays;

/**
 * The PKCS#1 v1.5 DigestInfo encodings of SHA-256/384/512 (RFC 8017, 9.2 note 1): NONEwithRSA's
 * input is one of them, and the card, given the bare digest and its hash, makes the same one.
 */
final class DigestInfos {
    private static final byte[][] PREFIXES = {
        org.secfunet.apdu.Hex.decode("3031300d060960864801650304020105000420"),
        org.secfunet.apdu.Hex.decode("3041300d060960864801650304020205000430"),
        org.secfunet.apdu.Hex.decode("3051300d060960864801650304020305000440"),
    };

    private DigestInfos() {
    }

    /** The digest inside {@code digestInfo}. */
    static byte[] digest(byte[] digestInfo) throws SignatureException {
        for (byte[] p : PREFIXES) {
            int len = p[p.length - 1];
            if (digestInfo.length == p.length + len && Arrays.equals(digestInfo, 0, p.length, p, 0, p.length)) {
                return Arrays.copyOfRange(digestInfo, p.length, digestInfo.length);
            }
        }
        throw new SignatureException("the card signs NONEwithRSA only over the DER DigestInfo of a SHA-256, SHA-384 or SHA-512 digest ("
                + digestInfo.length + " bytes given)");
    }
}
