package org.secfunet.eap.tls.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small PKI made on the spot (demos and tests): a CA, and server/client leaves with the
 * extensions strict peers (FreeRADIUS, hostapd, OpenSSL) expect.
 */
public final class ThrowawayPki {
    /** Key types: EC P-256, EC P-384, RSA 2048..4096. */
    public enum KeyType { EC_P256, EC_P384, RSA_2048, RSA_3072, RSA_4096 }

    /** A key and its certificate. */
    public record Credential(PrivateKey key, X509Certificate certificate) {
        /** Writes the certificate and the key (unencrypted PKCS#8) as PEM files, the way openssl, hostapd and our services read them. */
        public void writePem(java.nio.file.Path cert, java.nio.file.Path keyFile) throws java.io.IOException {
            java.nio.file.Files.writeString(cert, pem(certificate));
            java.nio.file.Files.writeString(keyFile, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate()));
        }

        @Override
        public String toString() {
            return "Credential[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** PEM text of a certificate, key or other object Bouncy Castle's PEM writer knows. */
    public static String pem(Object o) throws java.io.IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter p = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
    private final Credential ca;
    private final KeyType type;
    private final Instant notBefore;
    private final Instant notAfter;

    private ThrowawayPki(KeyType type, Credential ca, Instant notBefore, Instant notAfter) {
        this.type = type;
        this.ca = ca;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /** A new CA named {@code cn}, valid from an hour ago for {@code validity}. */
    public static ThrowawayPki create(String cn, KeyType type, Duration validity) {
        Instant nb = Instant.now().minus(Duration.ofHours(1));
        Instant na = nb.plus(validity);
        try {
            KeyPair kp = keyPair(type);
            X500Name name = new X500Name("CN=" + cn);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(nb), Date.from(na), name, kp.getPublic());
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = sign(b, kp.getPrivate());
            return new ThrowawayPki(type, new Credential(kp.getPrivate(), cert), nb, na);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the CA: " + e.getMessage(), e);
        }
    }

    public Credential ca() {
        return ca;
    }

    /** A server leaf: serverAuth, subjectAltName DNS. */
    public Credential server(String dnsName) {
        return leaf(dnsName, KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.dNSName, dnsName));
    }

    /** A client leaf: clientAuth, subjectAltName rfc822 (the EAP identity). */
    public Credential client(String identity) {
        return leaf(identity, KeyPurposeId.id_kp_clientAuth, new GeneralName(GeneralName.rfc822Name, identity));
    }

    /**
     * Writes {@code dir/NAME.pem} and {@code dir/NAME.key} (see {@link Credential#writePem}): a server leaf for DNS name
     * localhost, or a client leaf with CN = name; returns the two paths, certificate first.
     */
    public java.nio.file.Path[] issueFiles(java.nio.file.Path dir, String name, boolean server) throws java.io.IOException {
        java.nio.file.Path cert = dir.resolve(name + ".pem");
        java.nio.file.Path key = dir.resolve(name + ".key");
        (server ? server("localhost") : client(name)).writePem(cert, key);
        return new java.nio.file.Path[] {cert, key};
    }

    private Credential leaf(String cn, KeyPurposeId purpose, GeneralName san) {
        try {
            KeyPair kp = keyPair(type);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + cn), kp.getPublic());
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(ca.certificate()));
            return new Credential(kp.getPrivate(), sign(b, ca.key()));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(63);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA"
                : (((java.security.interfaces.ECKey) issuerKey).getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA");
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
    }

    static KeyPair keyPair(KeyType type) throws GeneralSecurityException {
        return switch (type) {
            case EC_P256, EC_P384 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(type == KeyType.EC_P256 ? "secp256r1" : "secp384r1"));
                yield g.generateKeyPair();
            }
            case RSA_2048, RSA_3072, RSA_4096 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(type == KeyType.RSA_2048 ? 2048 : type == KeyType.RSA_3072 ? 3072 : 4096);
                yield g.generateKeyPair();
            }
        };
    }
}
