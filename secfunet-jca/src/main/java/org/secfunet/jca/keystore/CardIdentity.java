package org.secfunet.jca.keystore;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One key store entry: an identity label found on the cards of {@code readers} (several when they
 * are clones: same label, same certificate), under {@code alias} (the label, or
 * {@code label@reader} when another card has the same label with another certificate), and the
 * card's chain, leaf first.
 */
record CardIdentity(String alias, String label, List<String> readers, List<X509Certificate> chain) {
    CardIdentity {
        readers = List.copyOf(readers);
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }
}
