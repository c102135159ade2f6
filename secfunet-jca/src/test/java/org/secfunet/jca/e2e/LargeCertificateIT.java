package org.secfunet.jca.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.card.VcardServer;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.jca.SecFuNetProvider;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.tls.TestCards;

/**
 * No 8 KB response cap: a certificate of more than 12 KB read through pcscd (javax.smartcardio
 * answers at most 8 KB) comes out of the key store whole, byte for byte.
 */
class LargeCertificateIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the served card is held open for the body, never named in it
    void aTwelveKilobyteCertificateComesThroughPcscdWhole() throws Exception {
        PcscLab.require();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        GeneralName[] names = new GeneralName[600];
        for (int i = 0; i < names.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, "host-" + i + ".a-rather-long-domain-name.example");
        }
        X500Name subject = new X500Name("CN=large@test.local");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))), subject, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        X509Certificate big = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        assertThat(big.getEncoded().length).isGreaterThan(12 * 1024);

        Path store = dir.resolve("large.sfn");
        EapCards.init(store, "large", TestCards.PIN, TestCards.PUK);
        try (EapSmartcard card = TestCards.open(store, true)) {
            card.verifyPuk(TestCards.PUK);
            card.putPrivateKey(kp.getPrivate().getEncoded());
            card.appendCertificate(big.getEncoded());
            card.addIdentity("large", "large@test.local", "peer", true);
        }
        try (VcardServer served = PcscLab.serve(store)) {
            SecFuNetProvider p = Labs.provider(PcscLab.reader(0));
            try {
                KeyStore ks = KeyStore.getInstance("SecFuNet", p);
                ks.load(null, TestCards.PIN);
                assertThat(ks.getCertificate("large").getEncoded()).isEqualTo(big.getEncoded());
            } finally {
                p.bank().close();
            }
        }
    }
}
