package org.secfunet.eap.tls.engine;

import java.io.IOException;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsStreamSigner;

/** The own key's signer with each signature counted (a stream signer, or a raw signature when there is none). */
final class MeteredSigner implements TlsCredentialedSigner {
    private final TlsCredentialedSigner s;
    private final CryptoMeter meter;
    private final CryptoMeter.Op op;

    MeteredSigner(TlsCredentialedSigner s, CryptoMeter meter) {
        this.s = s;
        this.meter = meter;
        SignatureAndHashAlgorithm a = s.getSignatureAndHashAlgorithm();
        this.op = a != null && MeteredCertificate.rsa(a.getSignature()) ? CryptoMeter.Op.RSA_SIGN : CryptoMeter.Op.EC_SIGN;
    }

    @Override
    public byte[] generateRawSignature(byte[] hash) throws IOException {
        meter.add(op);
        return s.generateRawSignature(hash);
    }

    @Override
    public SignatureAndHashAlgorithm getSignatureAndHashAlgorithm() {
        return s.getSignatureAndHashAlgorithm();
    }

    @Override
    public TlsStreamSigner getStreamSigner() throws IOException {
        TlsStreamSigner t = s.getStreamSigner();
        if (t != null) {
            meter.add(op);
        }
        return t;
    }

    @Override
    public Certificate getCertificate() {
        return s.getCertificate();
    }
}
