package org.secfunet.jca.sign;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;

/** Finds the installed provider (never this one) that verifies a signature algorithm with a public key. */
final class Verifiers {
    private Verifiers() {
    }

    /**
     * A fresh {@code Signature} of the first installed provider, other than the card's, whose
     * service takes {@code publicKey} (its {@code SupportedKeyClasses}); chosen explicitly so no
     * delayed selection can come back here.
     */
    static Signature forKey(String algorithm, PublicKey publicKey) throws InvalidKeyException {
        for (Provider p : Security.getProviders()) {
            Provider.Service s = p.getService("Signature", algorithm);
            if (s == null || s.getClassName().equals(CardSignatureSpi.class.getName()) || !s.supportsParameter(publicKey)) {
                continue;
            }
            try {
                return Signature.getInstance(algorithm, p);
            } catch (NoSuchAlgorithmException e) {
                // this provider cannot make it after all: try the next
            }
        }
        throw new InvalidKeyException("no installed provider verifies " + algorithm + " with a "
                + (publicKey == null ? "null" : publicKey.getAlgorithm()) + " public key (verification is for the JDK's providers)");
    }
}
