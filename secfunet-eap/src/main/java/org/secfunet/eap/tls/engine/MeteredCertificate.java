package org.secfunet.eap.tls.engine;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsEncryptor;
import org.bouncycastle.tls.crypto.TlsVerifier;

/** A peer certificate whose handshake-signature verifiers are counted (Bouncy Castle makes one per check). */
final class MeteredCertificate implements TlsCertificate {
    private final TlsCertificate c;
    private final CryptoMeter meter;

    MeteredCertificate(TlsCertificate c, CryptoMeter meter) {
        this.c = c;
        this.meter = meter;
    }

    /** Whether a TLS signature algorithm is RSA (PKCS#1 or PSS); every other one is counted as EC. */
    static boolean rsa(short signatureAlgorithm) {
        return switch (signatureAlgorithm) {
            case SignatureAlgorithm.rsa, SignatureAlgorithm.rsa_pss_rsae_sha256, SignatureAlgorithm.rsa_pss_rsae_sha384,
                 SignatureAlgorithm.rsa_pss_rsae_sha512, SignatureAlgorithm.rsa_pss_pss_sha256, SignatureAlgorithm.rsa_pss_pss_sha384,
                 SignatureAlgorithm.rsa_pss_pss_sha512 -> true;
            default -> false;
        };
    }

    @Override
    public TlsVerifier createVerifier(short signatureAlgorithm) throws IOException {
        TlsVerifier v = c.createVerifier(signatureAlgorithm);
        meter.add(rsa(signatureAlgorithm) ? CryptoMeter.Op.RSA_VERIFY : CryptoMeter.Op.EC_VERIFY);
        return v;
    }

    @Override
    public Tls13Verifier createVerifier(int signatureScheme) throws IOException {
        Tls13Verifier v = c.createVerifier(signatureScheme);
        meter.add(rsa(SignatureScheme.getSignatureAlgorithm(signatureScheme)) ? CryptoMeter.Op.RSA_VERIFY : CryptoMeter.Op.EC_VERIFY);
        return v;
    }

    @Override
    public TlsEncryptor createEncryptor(int tlsCertificateRole) throws IOException {
        return c.createEncryptor(tlsCertificateRole);
    }

    @Override
    public byte[] getEncoded() throws IOException {
        return c.getEncoded();
    }

    @Override
    public byte[] getExtension(ASN1ObjectIdentifier extensionOID) throws IOException {
        return c.getExtension(extensionOID);
    }

    @Override
    public BigInteger getSerialNumber() {
        return c.getSerialNumber();
    }

    @Override
    public String getSigAlgOID() {
        return c.getSigAlgOID();
    }

    @Override
    public ASN1Encodable getSigAlgParams() throws IOException {
        return c.getSigAlgParams();
    }

    @Override
    public short getLegacySignatureAlgorithm() throws IOException {
        return c.getLegacySignatureAlgorithm();
    }

    @Override
    public boolean supportsSignatureAlgorithm(short signatureAlgorithm) throws IOException {
        return c.supportsSignatureAlgorithm(signatureAlgorithm);
    }

    @Override
    public boolean supportsSignatureAlgorithmCA(short signatureAlgorithm) throws IOException {
        return c.supportsSignatureAlgorithmCA(signatureAlgorithm);
    }

    @Override
    public TlsCertificate checkUsageInRole(int tlsCertificateRole) throws IOException {
        TlsCertificate checked = c.checkUsageInRole(tlsCertificateRole);
        return checked == c ? this : checked;
    }
}
