package org.secfunet.eap.tls.engine;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.TlsDHDomain;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's crypto with its public-key operations counted: key shares (EC and FFDHE
 * domains), and peer certificates whose verifiers count. Signing is counted by the signer
 * ({@link MeteredSigner}); chain checks by the engine. Only used when a meter is given.
 */
final class MeteredCrypto extends BcTlsCrypto {
    private final CryptoMeter meter;

    MeteredCrypto(SecureRandom random, CryptoMeter meter) {
        super(random);
        this.meter = meter;
    }

    @Override
    public TlsECDomain createECDomain(TlsECConfig config) {
        TlsECDomain d = super.createECDomain(config);
        return () -> new Agreement(d.createECDH());
    }

    @Override
    public TlsDHDomain createDHDomain(TlsDHConfig config) {
        TlsDHDomain d = super.createDHDomain(config);
        return () -> new Agreement(d.createDH());
    }

    @Override
    public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
        return new MeteredCertificate(super.createCertificate(type, encoding), meter);
    }

    /** Counts the ephemeral key pair and the agreement. */
    private final class Agreement implements TlsAgreement {
        private final TlsAgreement a;

        Agreement(TlsAgreement a) {
            this.a = a;
        }

        @Override
        public byte[] generateEphemeral() throws IOException {
            meter.add(CryptoMeter.Op.KEY_PAIR);
            return a.generateEphemeral();
        }

        @Override
        public void receivePeerValue(byte[] peerValue) throws IOException {
            a.receivePeerValue(peerValue);
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            meter.add(CryptoMeter.Op.KEY_AGREEMENT);
            return a.calculateSecret();
        }
    }
}
