package org.secfunet.card.personalize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.secfunet.pcsc.eapcard.EapSmartcard;

/**
 * Host-side personalization of any EAP-TLS card through the SDK driver: credentials from PKCS#12
 * or PEM files, CA certificates, and certificate requests signed inside the card (mode 1).
 */
public final class CardPersonalizer {
    /** Files larger than this are refused (certificates and keys are a few KB). */
    public static final int MAX_FILE = 1 << 20;

    private CardPersonalizer() {
    }

    /** Imports the first key entry of a PKCS#12 file with its chain. */
    public static void importPkcs12(EapSmartcard card, Path p12, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(checked(p12))) {
            ks.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot open " + p12 + " (wrong password, or not PKCS#12): " + e.getMessage(), e);
        }
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                Key k = ks.getKey(alias, password);
                Certificate[] chain = ks.getCertificateChain(alias);
                if (k instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    card.putPrivateKey(pk.getEncoded());
                    for (Certificate c : chain) {
                        card.appendCertificate(c.getEncoded());
                    }
                    return;
                }
            }
        }
        throw new IOException(p12 + " holds no private key with a certificate chain");
    }

    /** Imports a PEM private key (PKCS#8 or traditional, unencrypted) and a PEM chain, leaf first. */
    public static void importPem(EapSmartcard card, Path keyPem, Path chainPem) throws IOException, GeneralSecurityException {
        byte[] pkcs8 = null;
        try (Reader r = Files.newBufferedReader(checked(keyPem)); PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PrivateKeyInfo pki) {
                    pkcs8 = normalized(pki);
                } else if (o instanceof PEMKeyPair kp) {
                    pkcs8 = normalized(kp.getPrivateKeyInfo());
                }
            }
        }
        if (pkcs8 == null) {
            throw new IOException(keyPem + " holds no unencrypted private key");
        }
        List<byte[]> chain = certificates(chainPem);
        if (chain.isEmpty()) {
            throw new IOException(chainPem + " holds no certificate");
        }
        card.putPrivateKey(pkcs8);
        java.util.Arrays.fill(pkcs8, (byte) 0);
        for (byte[] c : chain) {
            card.appendCertificate(c);
        }
    }

    /**
     * Standard PKCS#8 (EC parameters in the algorithm identifier, as the JDK wants): a traditional
     * "EC PRIVATE KEY" PEM carries them inside the key instead. Bouncy Castle reads either form.
     */
    private static byte[] normalized(PrivateKeyInfo info) throws IOException {
        if (!info.getPrivateKeyAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)) {
            return info.getEncoded(); // RSA: already standard
        }
        if (info.getPrivateKeyAlgorithm().getParameters() != null) {
            return info.getEncoded();
        }
        org.bouncycastle.asn1.sec.ECPrivateKey ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        if (ec.getParametersObject() == null) {
            throw new IOException("the EC private key names no curve");
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec)
                .getEncoded();
    }

    /** The certificates of a PEM or DER file, in file order. */
    public static List<byte[]> certificates(Path file) throws IOException, GeneralSecurityException {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(checked(file))) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add(c.getEncoded());
            }
        }
        return out;
    }

    /** A PKCS#10 request for the card's key, signed by the card (user PIN verified first). */
    public static String certificateRequest(EapSmartcard card, String subject) throws IOException {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(card.publicKey());
        boolean rsa = spki.getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
        String alg = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find(alg);
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        ContentSigner signer = new ContentSigner() {
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            public OutputStream getOutputStream() {
                return tbs;
            }

            public byte[] getSignature() {
                try {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(tbs.toByteArray());
                    return card.sign(rsa ? EapSmartcard.SignAlgorithm.RSA_PKCS1 : EapSmartcard.SignAlgorithm.ECDSA, digest);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(new X500Name(subject), spki).build(signer);
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(csr);
        }
        return w.toString();
    }

    /** One line per certificate: subject, issuer, validity. */
    public static String describe(byte[] der) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
            return c.getSubjectX500Principal().getName() + "  (issuer " + c.getIssuerX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant() + ")";
        } catch (GeneralSecurityException e) {
            return "unreadable certificate (" + der.length + " bytes)";
        }
    }

    private static Path checked(Path p) throws IOException {
        long size = Files.size(p);
        if (size > MAX_FILE) {
            throw new IOException(p + " is " + size + " bytes, larger than " + MAX_FILE);
        }
        return p;
    }
}
