package org.secfunet.jca.keystore;

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * How JSSE's key types and issuer lists select a chain: a key type is the key algorithm of the
 * leaf's public key ({@code EC}, {@code RSA}, {@code RSASSA-PSS} as TLS 1.3 names them), optionally
 * followed by {@code _} and the algorithm that signed the leaf ({@code EC_EC}, {@code EC_RSA}, as
 * TLS 1.2's key exchanges name them); issuers, when given, must include one of the chain's issuers.
 */
final class KeyTypes {
    private KeyTypes() {
    }

    static boolean matches(String keyType, X509Certificate[] chain) {
        if (keyType == null || chain.length == 0) {
            return false;
        }
        String[] parts = keyType.split("_", 2);
        if (!parts[0].equalsIgnoreCase(chain[0].getPublicKey().getAlgorithm())) {
            return false;
        }
        if (parts.length == 1) {
            return true;
        }
        String signer = parts[1].equalsIgnoreCase("EC") ? "ECDSA" : parts[1].toUpperCase(Locale.ROOT);
        return chain[0].getSigAlgName().toUpperCase(Locale.ROOT).endsWith("WITH" + signer);
    }

    static boolean issuedBy(X509Certificate[] chain, Principal[] issuers) {
        if (issuers == null || issuers.length == 0) {
            return true;
        }
        Set<X500Principal> wanted = new HashSet<>();
        for (Principal p : issuers) {
            if (p instanceof X500Principal x) {
                wanted.add(x);
            } else if (p != null) {
                try {
                    wanted.add(new X500Principal(p.getName()));
                } catch (IllegalArgumentException e) {
                    // not an X.500 name: it cannot match a certificate
                }
            }
        }
        for (X509Certificate c : chain) {
            if (wanted.contains(c.getIssuerX500Principal()) || wanted.contains(c.getSubjectX500Principal())) {
                return true;
            }
        }
        return false;
    }
}
