package org.secfunet.card.eaptls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.pcsc.eapcard.EapCardCommands.Sign;

/**
 * "Mode 1" (the draft's Method-FCT idea): a host-run TLS stack uses the card key without ever
 * seeing it. PIN-gated. {@code A0 62 P1 P2 Lc digest}: P1 01 ECDSA (DER signature), 02 RSA
 * PKCS#1 v1.5, 03 RSA-PSS (salt = hash length, MGF1 with the same hash); P2 the hash the digest
 * was made with: 01 SHA-256, 02 SHA-384, 03 SHA-512. {@code A0 64 00 00 Lc data}: RSA PKCS#1 v1.5
 * decryption. Codes: {@link org.secfunet.pcsc.eapcard.EapCardCommands.Sign}.
 */
final class ModeOne {
    private ModeOne() {
    }

    static ResponseApdu sign(EapTlsApplet a, CommandApdu c) {
        EapCardImage img = a.store().image();
        if (img.privateKey == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        int hashLen = switch (c.p2()) {
            case Sign.SHA256 -> 32;
            case Sign.SHA384 -> 48;
            case Sign.SHA512 -> 64;
            default -> -1;
        };
        if (hashLen < 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1P2);
        }
        byte[] digest = c.data();
        if (digest.length != hashLen) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] pkcs8 = Base64.getDecoder().decode(img.privateKey);
        try {
            PrivateKey key = Credentials.privateKey(pkcs8);
            boolean rsa = key.getAlgorithm().equals("RSA");
            byte[] sig = switch (c.p1()) {
                case Sign.ECDSA -> {
                    if (rsa) {
                        yield null;
                    }
                    Signature s = Signature.getInstance("NONEwithECDSA");
                    s.initSign(key);
                    s.update(digest);
                    yield s.sign();
                }
                case Sign.RSA_PKCS1 -> {
                    if (!rsa) {
                        yield null;
                    }
                    Signature s = Signature.getInstance("NONEwithRSA");
                    s.initSign(key);
                    s.update(DigestInfo.wrap(c.p2(), digest));
                    yield s.sign();
                }
                case Sign.RSA_PSS -> {
                    if (!rsa) {
                        yield null;
                    }
                    // a raw PSS signer takes the message hash; the digest objects give hLen and MGF1's hash
                    PSSSigner pss = PSSSigner.createRawSigner(new RSABlindedEngine(), digest(c.p2()), digest(c.p2()), hashLen, PSSSigner.TRAILER_IMPLICIT);
                    pss.init(true, PrivateKeyFactory.createKey(pkcs8));
                    pss.update(digest, 0, digest.length);
                    yield pss.generateSignature();
                }
                default -> null;
            };
            if (sig == null) {
                return ResponseApdu.of(StatusWord.WRONG_P1P2);
            }
            return a.engine().answer(c, sig, StatusWord.OK);
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.crypto.CryptoException e) {
            return ResponseApdu.of(StatusWord.NO_PRECISE_DIAGNOSIS);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    static ResponseApdu decrypt(EapTlsApplet a, CommandApdu c) {
        EapCardImage img = a.store().image();
        if (img.privateKey == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] pkcs8 = Base64.getDecoder().decode(img.privateKey);
        try {
            PrivateKey key = Credentials.privateKey(pkcs8);
            if (!key.getAlgorithm().equals("RSA")) {
                return ResponseApdu.of(StatusWord.FUNCTION_NOT_SUPPORTED);
            }
            Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.DECRYPT_MODE, key);
            return a.engine().answer(c, cipher.doFinal(c.data()), StatusWord.OK);
        } catch (GeneralSecurityException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static org.bouncycastle.crypto.Digest digest(int hash) {
        return switch (hash) {
            case Sign.SHA256 -> new SHA256Digest();
            case Sign.SHA384 -> new SHA384Digest();
            default -> new SHA512Digest();
        };
    }

    /** PKCS#1 v1.5 DigestInfo prefixes (RFC 8017 §9.2 note 1). */
    static final class DigestInfo {
        private static final byte[] SHA256 = org.secfunet.apdu.Hex.decode("3031300d060960864801650304020105000420");
        private static final byte[] SHA384 = org.secfunet.apdu.Hex.decode("3041300d060960864801650304020205000430");
        private static final byte[] SHA512 = org.secfunet.apdu.Hex.decode("3051300d060960864801650304020305000440");

        static byte[] wrap(int hash, byte[] digest) {
            byte[] prefix = hash == Sign.SHA256 ? SHA256 : hash == Sign.SHA384 ? SHA384 : SHA512;
            byte[] out = new byte[prefix.length + digest.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(digest, 0, out, prefix.length, digest.length);
            return out;
        }
    }
}
