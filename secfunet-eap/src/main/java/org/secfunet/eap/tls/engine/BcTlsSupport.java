package org.secfunet.eap.tls.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** What both BC engine sides share: suites, credentials, signature choice, chain validation, EAP keys. */
final class BcTlsSupport {
    static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String EKU_ANY = "2.5.29.37.0";
    private static final int TLS13_CONTEXT_EAP_TLS = 0x0D;

    private BcTlsSupport() {
    }

    static ProtocolVersion[] versions(TlsSettings s) {
        List<ProtocolVersion> v = new ArrayList<>();
        if (s.versions().contains("1.3")) {
            v.add(ProtocolVersion.TLSv13);
        }
        if (s.versions().contains("1.2")) {
            v.add(ProtocolVersion.TLSv12);
        }
        return v.toArray(new ProtocolVersion[0]);
    }

    /** AEAD suites only: AES-GCM and ChaCha20-Poly1305; TLS 1.2 suites matching the own key type. */
    static int[] suites(TlsSettings s, boolean server) {
        boolean ec = !server || s.key() == null || s.key() instanceof ECKey;
        boolean rsa = !server || s.key() == null || s.key() instanceof RSAKey;
        List<Integer> out = AeadSuite.codes(s.versions().contains("1.3"), s.versions().contains("1.2"), ec, rsa);
        if (!s.suites().isEmpty()) {
            out.removeIf(x -> !s.suites().contains(AeadSuite.ianaName(x)));
            if (out.isEmpty()) {
                throw new IllegalArgumentException("none of the cipher suites " + s.suites() + " is supported for " + s.versions());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Own chain as a BC certificate message (with the TLS 1.3 request context when given). */
    static Certificate certificate(BcTlsCrypto crypto, TlsSettings s, byte[] requestContext, boolean tls13) throws IOException {
        TlsCertificate[] certs = new TlsCertificate[s.chain().size()];
        for (int i = 0; i < certs.length; i++) {
            try {
                certs[i] = new BcTlsCertificate(crypto, s.chain().get(i).getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode own certificate", e);
            }
        }
        if (!tls13) {
            return new Certificate(certs);
        }
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) {
            entries[i] = new CertificateEntry(certs[i], null);
        }
        return new Certificate(requestContext == null ? TlsUtils.EMPTY_BYTES : requestContext, entries);
    }

    /** Our signature schemes in preference order for the own key: ECDSA by curve size, RSA-PSS then PKCS#1 (1.2 only). */
    static List<SignatureAndHashAlgorithm> ownSchemes(TlsSettings s, boolean tls13) {
        List<SignatureAndHashAlgorithm> l = new ArrayList<>();
        if (s.key() instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            l.add(new SignatureAndHashAlgorithm(bits > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        } else if (s.key() instanceof RSAKey) {
            l.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            l.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha384);
            if (!tls13) {
                l.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
            }
        }
        return l;
    }

    /** A signer for the own key with the first of our schemes the peer accepts; its signatures counted when a meter is given. */
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, TlsSettings s, Vector<?> peerSchemes,
                                        byte[] requestContext, CryptoMeter meter) throws IOException {
        if (s.key() == null || s.chain().isEmpty()) {
            return null;
        }
        boolean tls13 = TlsUtils.isTLSv13(context);
        SignatureAndHashAlgorithm chosen = null;
        for (SignatureAndHashAlgorithm a : ownSchemes(s, tls13)) {
            if (peerSchemes == null || peerSchemes.contains(a)) {
                chosen = a;
                break;
            }
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no signature scheme acceptable to the peer for our key");
        }
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(s.key().getEncoded());
        TlsCredentialedSigner signer = new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                certificate(crypto, s, requestContext, tls13), chosen);
        return meter == null ? signer : new MeteredSigner(signer, meter);
    }

    /** The peer's chain as JDK certificates, leaf first. */
    static List<X509Certificate> toX509(Certificate c) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < c.getLength(); i++) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getCertificateAt(i).getEncoded())));
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate cannot be parsed", e);
        }
        return out;
    }

    /**
     * Full PKIX validation of the peer's chain against the trust anchors at the configured time
     * (no revocation: the card has no network), plus the extended key usage of the leaf. Returns
     * the validated path (the chain less any trust anchor it holds).
     */
    static List<X509Certificate> validate(List<X509Certificate> chain, TlsSettings s, String requiredEku) throws IOException {
        if (chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.certificate_required, "the peer sent no certificate");
        }
        if (s.trustAnchors().isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.unknown_ca, "no trust anchors configured");
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate ca : s.trustAnchors()) {
                anchors.add(new TrustAnchor(ca, null));
            }
            List<X509Certificate> path = new ArrayList<>(chain);
            // a peer may send the root too: the path excludes trust anchors
            path.removeIf(c -> s.trustAnchors().contains(c));
            if (path.isEmpty()) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "the peer sent only a CA certificate");
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(s.validationTime().get()));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            List<String> eku = chain.get(0).getExtendedKeyUsage();
            if (eku != null && !eku.contains(requiredEku) && !eku.contains(EKU_ANY)) {
                throw new TlsFatalAlert(AlertDescription.unsupported_certificate,
                        "peer certificate is not valid for " + (requiredEku.equals(EKU_CLIENT_AUTH) ? "client" : "server") + " authentication");
            }
            return path;
        } catch (java.security.cert.CertPathValidatorException e) {
            short alert = e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.NOT_YET_VALID
                    ? AlertDescription.certificate_expired : AlertDescription.bad_certificate;
            throw new TlsFatalAlert(alert, "peer certificate rejected: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "certificate validation failed: " + e.getMessage(), e);
        }
    }

    /** EAP-TLS key material and Method-Id, computed while the handshake secrets still exist. */
    static TlsSessionInfo sessionInfo(TlsContext context, List<X509Certificate> peerChain) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        boolean tls13 = TlsUtils.isTLSv13(sp.getNegotiatedVersion());
        byte[] keyMaterial;
        byte[] methodId;
        if (tls13) {
            byte[] ctx = {(byte) TLS13_CONTEXT_EAP_TLS};
            keyMaterial = context.exportKeyingMaterial("EXPORTER_EAP_TLS_Key_Material", ctx, 128);
            methodId = context.exportKeyingMaterial("EXPORTER_EAP_TLS_Method-Id", ctx, 64);
        } else {
            byte[] seed = org.bouncycastle.util.Arrays.concatenate(sp.getClientRandom(), sp.getServerRandom());
            // RFC 5216: PRF(master_secret, "client EAP encryption", client.random || server.random), with or without EMS
            keyMaterial = TlsUtils.PRF(sp, sp.getMasterSecret(), "client EAP encryption", seed, 128).extract();
            methodId = seed;
        }
        org.bouncycastle.tls.ProtocolName alpn = sp.getApplicationProtocol();
        return new TlsSessionInfo(tls13 ? "TLSv1.3" : "TLSv1.2", AeadSuite.ianaName(sp.getCipherSuite()), peerChain,
                sp.getClientRandom(), sp.getServerRandom(), keyMaterial, methodId, alpn == null ? "" : alpn.getUtf8Decoding());
    }

    /**
     * The record-layer keys at handshake completion: TLS 1.2 AEAD key block (keys and salts/IVs,
     * never the master secret), or copies of the TLS 1.3 application traffic secrets.
     */
    static RecordKeys recordKeys(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        int suite = sp.getCipherSuite();
        byte[] none = new byte[0];
        if (TlsUtils.isTLSv13(sp.getNegotiatedVersion())) {
            byte[] c = context.getCrypto().adoptSecret(sp.getTrafficSecretClient()).extract();
            byte[] s = context.getCrypto().adoptSecret(sp.getTrafficSecretServer()).extract();
            return new RecordKeys("TLSv1.3", suite, none, none, none, none, c, s, 0, 0);
        }
        AeadSuite table = AeadSuite.of(suite);
        int keyLen = table.keyLength;
        int ivLen = table.ivLength();
        byte[] seed = org.bouncycastle.util.Arrays.concatenate(sp.getServerRandom(), sp.getClientRandom());
        byte[] kb = TlsUtils.PRF(sp, sp.getMasterSecret(), "key expansion", seed, 2 * keyLen + 2 * ivLen).extract();
        try {
            return new RecordKeys("TLSv1.2", suite,
                    java.util.Arrays.copyOfRange(kb, 0, keyLen), java.util.Arrays.copyOfRange(kb, keyLen, 2 * keyLen),
                    java.util.Arrays.copyOfRange(kb, 2 * keyLen, 2 * keyLen + ivLen),
                    java.util.Arrays.copyOfRange(kb, 2 * keyLen + ivLen, 2 * keyLen + 2 * ivLen), none, none, 1, 1);
        } finally {
            java.util.Arrays.fill(kb, (byte) 0);
        }
    }
}
