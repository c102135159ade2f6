package org.secfunet.card.eaptls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.secfunet.eap.tls.engine.TlsSettings;

/** The credential object: CA certificates, own chain and private key, read from the card's image. */
final class Credentials {
    final List<X509Certificate> cas;
    final List<X509Certificate> chain;
    final PrivateKey key;
    final Set<String> versions;

    private Credentials(List<X509Certificate> cas, List<X509Certificate> chain, PrivateKey key, Set<String> versions) {
        this.cas = cas;
        this.chain = chain;
        this.key = key;
        this.versions = versions;
    }

    static Credentials of(EapCardImage img) {
        try {
            return new Credentials(certs(img.caCerts), certs(img.chain), img.privateKey == null ? null : privateKey(Base64.getDecoder().decode(img.privateKey)),
                    Set.copyOf(img.tlsVersions));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("card credentials are unreadable: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certs(List<String> b64) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (String s : b64) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(s))));
        }
        return out;
    }

    static X509Certificate cert(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** A PKCS#8 EC or RSA private key. */
    static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    boolean ready() {
        return key != null && !chain.isEmpty() && !cas.isEmpty();
    }

    TlsSettings settings(boolean server, Supplier<Instant> time) {
        return new TlsSettings(versions, chain, key, cas, true, time);
    }
}
