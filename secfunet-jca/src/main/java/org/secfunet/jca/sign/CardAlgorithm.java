package org.secfunet.jca.sign;

import java.util.Locale;
import org.secfunet.pcsc.eapcard.EapSmartcard.SignAlgorithm;

/** The signature algorithms the card's keys serve: the key type, the hash made on the host (null: none or from the parameters), the card's operation. */
enum CardAlgorithm {
    SHA256_ECDSA("SHA256withECDSA", "EC", "SHA-256", SignAlgorithm.ECDSA),
    SHA384_ECDSA("SHA384withECDSA", "EC", "SHA-384", SignAlgorithm.ECDSA),
    SHA512_ECDSA("SHA512withECDSA", "EC", "SHA-512", SignAlgorithm.ECDSA),
    NONE_ECDSA("NONEwithECDSA", "EC", null, SignAlgorithm.ECDSA),
    SHA256_RSA("SHA256withRSA", "RSA", "SHA-256", SignAlgorithm.RSA_PKCS1),
    SHA384_RSA("SHA384withRSA", "RSA", "SHA-384", SignAlgorithm.RSA_PKCS1),
    SHA512_RSA("SHA512withRSA", "RSA", "SHA-512", SignAlgorithm.RSA_PKCS1),
    RSA_PSS("RSASSA-PSS", "RSA", null, SignAlgorithm.RSA_PSS),
    /** Raw PKCS#1 v1.5 over a SHA-256/384/512 DigestInfo (as Bouncy Castle's TLS 1.2 signs). */
    NONE_RSA("NONEwithRSA", "RSA", null, SignAlgorithm.RSA_PKCS1),
    /** RSASSA-PSS with the hash fixed and its TLS 1.3 parameters by default (Bouncy Castle's names). */
    SHA256_PSS("SHA256withRSAandMGF1", "RSA", "SHA-256", SignAlgorithm.RSA_PSS),
    SHA384_PSS("SHA384withRSAandMGF1", "RSA", "SHA-384", SignAlgorithm.RSA_PSS),
    SHA512_PSS("SHA512withRSAandMGF1", "RSA", "SHA-512", SignAlgorithm.RSA_PSS);

    final String jcaName;
    final String keyType;
    final String hash;
    final SignAlgorithm card;

    CardAlgorithm(String jcaName, String keyType, String hash, SignAlgorithm card) {
        this.jcaName = jcaName;
        this.keyType = keyType;
        this.hash = hash;
        this.card = card;
    }

    /** Whether the input is signed as given (no hash on the host). */
    boolean raw() {
        return this == NONE_ECDSA || this == NONE_RSA;
    }

    /** The most input a raw algorithm takes: a digest (ECDSA), a DigestInfo of SHA-512 (RSA). */
    int maxRaw() {
        return this == NONE_RSA ? 19 + 64 : 64;
    }

    static CardAlgorithm of(String name) {
        for (CardAlgorithm a : values()) {
            if (a.jcaName.equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("the SecFuNet provider has no signature " + name);
    }

    /** The JCA name of a SHA-2 hash the card takes ("SHA-256", "SHA256", "sha-256"...), or null for any other. */
    static String cardHash(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SHA256" -> "SHA-256";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            default -> null;
        };
    }

    /** The length in bytes of a hash {@link #cardHash} returned. */
    static int length(String cardHash) {
        return switch (cardHash) {
            case "SHA-256" -> 32;
            case "SHA-384" -> 48;
            default -> 64;
        };
    }
}
